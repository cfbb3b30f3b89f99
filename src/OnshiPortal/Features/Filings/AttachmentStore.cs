using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace OnshiPortal.Features.Filings;

/// <summary>An uploaded file kept in the staging folder until its filing is confirmed (carried in the sealed draft).</summary>
public sealed record StagedAttachment(string FileName, string ContentType, long Length, string StoredName);

/// <summary>
/// Keeps attachments as files with random names in a folder outside the web root (the database holds who may read
/// them). A file is accepted by what its first bytes say it is, never by its name or the browser's content type.
/// An upload first lands in <c>staging/</c> and moves in when its filing is confirmed; what is left in staging a day
/// later belonged to a check page nobody confirmed (its sealed draft lives 30 minutes) and is removed.
/// </summary>
public sealed class AttachmentStore(IOptions<FilingOptions> options)
{
    private AttachmentOptions Options => options.Value.Attachments;

    public long MaxBytes => Options.MaxBytes;

    public int MaxCount => Options.MaxCount;

    public string Folder => Path.GetFullPath(Options.Folder);

    private string Staging => Path.Combine(Folder, "staging");

    /// <summary>PDF, JPEG or PNG by their signatures; null for anything else.</summary>
    public static string? Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        return null;
    }

    /// <summary>Checks and stores an upload; the Japanese reason when it is refused.</summary>
    public async Task<(StagedAttachment? Attachment, string? Error)> StageAsync(IFormFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var name = Path.GetFileName(file.FileName.Replace('\\', '/'));
        if (file.Length == 0)
        {
            return (null, $"「{name}」は空のファイルです。");
        }

        if (file.Length > Options.MaxBytes)
        {
            return (null, $"「{name}」は{Options.MaxBytes / (1024 * 1024)}MBを超えています。{Options.MaxBytes / (1024 * 1024)}MB以下のファイルを添付してください。");
        }

        var head = new byte[8];
        await using var input = file.OpenReadStream();
        var read = await input.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        var type = Detect(head.AsSpan(0, read));
        if (type is null)
        {
            return (null, $"「{name}」はPDF、JPEG、PNGのいずれでもありません。PDF、JPEG、PNGのファイルを添付してください。");
        }

        Directory.CreateDirectory(Staging);
        RemoveStaleStagedFiles();
        var stored = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var path = Path.Combine(Staging, stored);
        await using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            await output.WriteAsync(head.AsMemory(0, read), cancellationToken);
            await input.CopyToAsync(output, cancellationToken);
        }

        return (new StagedAttachment(name.Length > 255 ? name[^255..] : name, type, file.Length, stored), null);
    }

    /// <summary>The file of a confirmed filing, or null when it is gone (or the name is not one this store gives).</summary>
    public Stream? Open(string storedName)
    {
        if (!IsStoredName(storedName))
        {
            return null;
        }

        var path = Path.Combine(Folder, storedName);
        return File.Exists(path) ? File.OpenRead(path) : null;
    }

    /// <summary>Whether a staged file (from a sealed draft) is still waiting in staging.</summary>
    public bool Exists(string storedName) => IsStoredName(storedName) && File.Exists(Path.Combine(Staging, storedName));

    /// <summary>
    /// Moves a staged file in as its filing is saved. A retried transaction finds it moved already; a failed save
    /// leaves a file no row names, which nobody can read.
    /// </summary>
    public void Commit(string storedName)
    {
        if (!IsStoredName(storedName))
        {
            throw new ArgumentException("Not a stored name.", nameof(storedName));
        }

        var target = Path.Combine(Folder, storedName);
        if (!File.Exists(target))
        {
            File.Move(Path.Combine(Staging, storedName), target);
        }
    }

    private static bool IsStoredName(string storedName) => storedName.Length == 32 && storedName.All(char.IsAsciiHexDigitLower);

    private void RemoveStaleStagedFiles()
    {
        // The file system's clock, not the app's TimeProvider: these are the files' own times.
        var limit = DateTime.UtcNow.AddDays(-1);
        foreach (var file in new DirectoryInfo(Staging).EnumerateFiles())
        {
            if (file.LastWriteTimeUtc < limit)
            {
                try
                {
                    file.Delete();
                }
                catch (IOException)
                {
                    // Another node removed it first (shared storage): nothing to do.
                }
            }
        }
    }
}
