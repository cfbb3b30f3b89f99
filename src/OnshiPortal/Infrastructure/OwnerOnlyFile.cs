using System.Security.Cryptography;

namespace OnshiPortal.Infrastructure;

/// <summary>
/// Files that hold secrets (keys, certificates, passwords for the printer): created new, readable and writable by
/// their owner alone (mode 0600), whatever the umask.
/// </summary>
public static class OwnerOnlyFile
{
    /// <summary>Options that create a new file (never open an existing one) with mode 0600.</summary>
    public static FileStreamOptions CreateNew(FileShare share = FileShare.Read, int bufferSize = 4096)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = share, BufferSize = bufferSize };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }

    /// <summary>
    /// Writes the whole file under a temporary name moved into place, so that no reader sees half of it and two
    /// processes making it at once end up with one file, not two.
    /// </summary>
    /// <returns>False when the file was there already (another process was first, or <paramref name="overwrite"/> is false).</returns>
    public static bool WriteAtomically(string path, Action<Stream> write, bool overwrite)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)) + ".tmp";
        using (var stream = new FileStream(temporary, CreateNew()))
        {
            write(stream);
        }

        try
        {
            File.Move(temporary, path, overwrite);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return false;
        }
    }
}
