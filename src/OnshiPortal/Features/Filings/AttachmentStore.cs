using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace OnshiPortal.Features.Filings;

/// <summary>An uploaded file kept in the staging folder until its filing is confirmed (carried in the sealed draft).</summary>
public sealed record StagedAttachment(string FileName, string ContentType, long Length, string StoredName);

/// <summary>
/// Keeps attachments as files with random names in a folder outside the web root (the database holds who may read
/// them). A file is accepted by what its first bytes say it is, never by its name or the browser's content type.
/// An upload first lands in <c>staging/</c> and moves in when its filing is confirmed; what is left in staging a day
/// later belonged to a check page nobody confirmed (its sealed draft lives 30 minutes) and is removed.
/// <para>
/// Staging is kept per account (<c>staging/{owner}/</c>, the owner a hash of the account's id) so that it can be
/// capped: at most <see cref="AttachmentOptions.MaxStagedBytesPerAccount"/> at once, a new check replacing the
/// account's earlier staging (<see cref="ReplaceStaging"/>), and at most
/// <see cref="AttachmentOptions.MaxUploadBytesPerAccountPerHour"/> an hour (<see cref="TryReserve"/>).
/// </para>
/// </summary>
public sealed class AttachmentStore(IOptions<FilingOptions> options) : IDisposable
{
    private const int KiB = 1024;

    /// <summary>An hourly allowance per account, in KiB, refilled every hour (per node, in memory).</summary>
    private readonly PartitionedRateLimiter<string> hourly = PartitionedRateLimiter.Create<string, string>(owner =>
        RateLimitPartition.GetTokenBucketLimiter(owner, _ =>
        {
            var perHour = (int)Math.Min(int.MaxValue, Math.Max(1, options.Value.Attachments.MaxUploadBytesPerAccountPerHour / KiB));
            return new TokenBucketRateLimiterOptions
            {
                TokenLimit = perHour,
                TokensPerPeriod = perHour,
                ReplenishmentPeriod = TimeSpan.FromHours(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            };
        }));

    private AttachmentOptions Options => options.Value.Attachments;

    public long MaxStagedBytesPerAccount => Options.MaxStagedBytesPerAccount;

    public void Dispose() => hourly.Dispose();

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

    /// <summary>
    /// Removes the account's staged files but <paramref name="keep"/> (those its current draft carries): a new check
    /// replaces the earlier ones. Returns the bytes still staged.
    /// </summary>
    public long ReplaceStaging(string account, IEnumerable<string> keep)
    {
        var folder = new DirectoryInfo(StagingOf(account));
        if (!folder.Exists)
        {
            return 0;
        }

        var kept = keep.ToHashSet(StringComparer.Ordinal);
        long bytes = 0;
        foreach (var file in folder.EnumerateFiles())
        {
            if (kept.Contains(file.Name))
            {
                bytes += file.Length;
                continue;
            }

            try
            {
                file.Delete();
            }
            catch (IOException)
            {
                // Removed meanwhile (another request of the same account, or another node).
            }
        }

        return bytes;
    }

    /// <summary>
    /// Takes <paramref name="bytes"/> out of the account's hourly allowance; false when the hour's allowance is spent
    /// (nothing is taken then).
    /// </summary>
    public bool TryReserve(string account, long bytes)
    {
        var permits = (int)Math.Min(int.MaxValue, Math.Max(1, (bytes + KiB - 1) / KiB));
        using var lease = hourly.AttemptAcquire(OwnerOf(account), permits);
        return lease.IsAcquired;
    }

    /// <summary>Checks and stores an upload of <paramref name="account"/>; the Japanese reason when it is refused.</summary>
    public async Task<(StagedAttachment? Attachment, string? Error)> StageAsync(IFormFile file, string account, CancellationToken cancellationToken = default)
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

        Directory.CreateDirectory(StagingOf(account));
        RemoveStaleStagedFiles();
        var stored = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var path = Path.Combine(StagingOf(account), stored);
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

    /// <summary>Whether a staged file of the account (from a sealed draft) is still waiting in staging.</summary>
    public bool Exists(string account, string storedName) => IsStoredName(storedName) && File.Exists(Path.Combine(StagingOf(account), storedName));

    /// <summary>
    /// Moves a staged file in as its filing is saved. A retried transaction finds it moved already; a failed save
    /// leaves a file no row names, which nobody can read.
    /// </summary>
    public void Commit(string account, string storedName)
    {
        if (!IsStoredName(storedName))
        {
            throw new ArgumentException("Not a stored name.", nameof(storedName));
        }

        var target = Path.Combine(Folder, storedName);
        if (!File.Exists(target))
        {
            File.Move(Path.Combine(StagingOf(account), storedName), target);
        }
    }

    /// <summary>The account's staging folder: named by a hash, so that no account id appears on disk.</summary>
    private string StagingOf(string account) => Path.Combine(Staging, OwnerOf(account));

    private static string OwnerOf(string account) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(account)))[..32];

    private static bool IsStoredName(string storedName) => storedName.Length == 32 && storedName.All(char.IsAsciiHexDigitLower);

    private void RemoveStaleStagedFiles()
    {
        // The file system's clock, not the app's TimeProvider: these are the files' own times.
        var limit = DateTime.UtcNow.AddDays(-1);
        foreach (var file in new DirectoryInfo(Staging).EnumerateFiles("*", SearchOption.AllDirectories))
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
