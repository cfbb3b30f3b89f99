using System.Security.Cryptography;
using OnshiPortal.Infrastructure;

namespace OnshiPortal.Features.Campaigns;

/// <summary>
/// Files written under hidden temporary names in their final folder (the same file system, so the rename is atomic)
/// and given their final names together at the end; whatever was not published is deleted.
/// </summary>
internal sealed class StagedFiles(string directory)
{
    private readonly string tag = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private readonly List<string> names = [];

    public string PathFor(string name)
    {
        lock (names)
        {
            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }

        return Temporary(name);
    }

    /// <summary>
    /// Creates a staged file readable by its owner alone: the letters print temporary passwords, and the folder may be
    /// shared with others on the machine.
    /// </summary>
    public FileStream Create(string name)
    {
        return new FileStream(PathFor(name), OwnerOnlyFile.CreateNew(FileShare.None, bufferSize: 1 << 16));
    }

    public void Publish()
    {
        foreach (var name in names)
        {
            File.Move(Temporary(name), Path.Combine(directory, name), overwrite: true);
        }

        names.Clear();
    }

    public void Discard()
    {
        foreach (var name in names)
        {
            File.Delete(Temporary(name));
        }
    }

    private string Temporary(string name) => Path.Combine(directory, $".{name}.{tag}.tmp");
}
