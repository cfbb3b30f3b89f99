using System.Diagnostics;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// A real, small file system (tmpfs of a given size) mounted on a temporary folder: a disk that fills up without
/// filling the machine's. Mounting needs root, as tests/run.sh runs under CI; where it is not permitted the test
/// fails with the reason rather than skipping, so that a full disk is never silently untested.
/// </summary>
public sealed class SmallDisk : IAsyncDisposable
{
    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="size"/> (mount's syntax: <c>256k</c>, <c>64m</c>).</summary>
    public static async Task<SmallDisk> MountAsync(string size)
    {
        var path = Directory.CreateTempSubdirectory("onshi-small-disk-").FullName;
        var (code, output) = await RunAsync("mount", "-t", "tmpfs", "-o", $"size={size},mode=0700", "tmpfs", path);
        if (code != 0)
        {
            Directory.Delete(path);
            throw new InvalidOperationException(
                $"Could not mount a {size} tmpfs on {path} for the full-disk test (exit {code}: {output.Trim()}). It needs root, " +
                "as tests/run.sh has under CI; run the tests as root or with the capability to mount.");
        }

        return new SmallDisk(path);
    }

    /// <summary>Gives the file system a new size, as an operator frees space.</summary>
    public async Task ResizeAsync(string size)
    {
        var (code, output) = await RunAsync("mount", "-o", $"remount,size={size}", Path);
        Assert.True(code == 0, $"remount failed: {output}");
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output + await error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Lazy: a file still open by a finishing host does not keep the mount.
        await RunAsync("umount", "-l", Path);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // left to the OS's temp clean-up
        }
    }
}
