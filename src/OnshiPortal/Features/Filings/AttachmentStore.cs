using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Files;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Filings;

/// <summary>An uploaded file kept in staging until its filing is confirmed (carried in the sealed draft).</summary>
/// <param name="Document">The named document it is for (<see cref="FilingAttachment.Document"/>); empty for an unnamed one.</param>
public sealed record StagedAttachment(string FileName, string ContentType, long Length, Guid FileId, string Document = "");

/// <summary>
/// Keeps attachments in the database's file store (Infrastructure/Files), so that any node serves a document any
/// other node received; the filing's rows say who may read them. A file is accepted by what its first bytes say it
/// is, never by its name or the browser's content type. An upload first lands in the area
/// <see cref="StagingArea"/>, kept apart per account (<see cref="StoredFile.Owner"/> is a hash of the account's id),
/// and moves to <see cref="AttachmentArea"/> in the same transaction that saves its filing; what is left in staging a
/// day later belonged to a check page nobody confirmed (its sealed draft lives 30 minutes) and is removed
/// (<see cref="FilingStagingCleanup"/>).
/// <para>
/// Staging is capped per account: at most <see cref="AttachmentOptions.MaxStagedBytesPerAccount"/> at once, a new
/// check replacing the account's earlier staging (<see cref="ReplaceStagingAsync"/>), and at most
/// <see cref="AttachmentOptions.MaxUploadBytesPerAccountPerHour"/> an hour (<see cref="TryReserve"/>).
/// </para>
/// Scoped: it works in the request's context, so that <see cref="CommitAsync"/> is part of the filing's transaction.
/// </summary>
public sealed class AttachmentStore(PortalDbContext db, FileStore files, AttachmentAllowance allowance, IOptions<FilingOptions> options)
{
    public const string AttachmentArea = "filing-attachment";

    public const string StagingArea = "filing-staging";

    private AttachmentOptions Options => options.Value.Attachments;

    public long MaxStagedBytesPerAccount => Options.MaxStagedBytesPerAccount;

    public long MaxBytes => Options.MaxBytes;

    public int MaxCount => Options.MaxCount;

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
    public async Task<long> ReplaceStagingAsync(string account, IEnumerable<Guid> keep, CancellationToken cancellationToken = default)
    {
        var kept = keep.ToHashSet();
        var owner = OwnerOf(account);
        var staged = await db.Set<StoredFile>().AsNoTracking()
            .Where(f => f.Area == StagingArea && f.Owner == owner)
            .Select(f => new { f.Id, f.Length, f.Completed })
            .ToListAsync(cancellationToken);
        long bytes = 0;
        foreach (var file in staged)
        {
            if (!file.Completed)
            {
                // An upload still being written (another request of the same account) is left to finish; its own
                // check replaces this one's staging in turn.
                continue;
            }

            if (kept.Contains(file.Id))
            {
                bytes += file.Length;
            }
            else
            {
                await FileStore.DeleteAsync(db, file.Id, cancellationToken);
            }
        }

        return bytes;
    }

    /// <summary>
    /// Takes <paramref name="bytes"/> out of the account's hourly allowance; false when the hour's allowance is spent
    /// (nothing is taken then).
    /// </summary>
    public bool TryReserve(string account, long bytes) => allowance.TryReserve(OwnerOf(account), bytes);

    /// <summary>Checks and stores an upload of <paramref name="account"/>; the Japanese reason when it is refused.</summary>
    public async Task<(StagedAttachment? Attachment, string? Error)> StageAsync(IFormFile file, string account, string document = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var name = Path.GetFileName(file.FileName.Replace('\\', '/'));
        if (file.Length == 0)
        {
            return (null, Ui.Text("「{0}」は空のファイルです。", name));
        }

        if (file.Length > Options.MaxBytes)
        {
            return (null, Ui.Text("「{0}」は{1}MBを超えています。{1}MB以下のファイルを添付してください。", name, Options.MaxBytes / (1024 * 1024)));
        }

        var head = new byte[8];
        int read;
        await using (var peek = file.OpenReadStream())
        {
            read = await peek.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        }

        var type = Detect(head.AsSpan(0, read));
        if (type is null)
        {
            return (null, Ui.Text("「{0}」はPDF、JPEG、PNGのいずれでもありません。PDF、JPEG、PNGのファイルを添付してください。", name));
        }

        name = name.Length > 255 ? name[^255..] : name;

        // The form reader has buffered the upload; a second stream reads it again from its start.
        await using var input = file.OpenReadStream();
        var stored = await files.SaveAsync(StagingArea, name, type, input, OwnerOf(account), cancellationToken);
        return (new StagedAttachment(name, type, stored.Length, stored.Id, document), null);
    }

    /// <summary>Whether a staged file of the account (from a sealed draft) is still waiting in staging.</summary>
    public Task<bool> ExistsAsync(string account, Guid fileId, CancellationToken cancellationToken = default)
    {
        var owner = OwnerOf(account);
        return db.Set<StoredFile>().AnyAsync(f => f.Id == fileId && f.Area == StagingArea && f.Owner == owner && f.Completed, cancellationToken);
    }

    /// <summary>
    /// Moves a staged file of the account in as its filing is saved, in the caller's transaction: the filing and its
    /// documents are saved together or not at all. False when the file is no longer in the account's staging.
    /// </summary>
    public async Task<bool> CommitAsync(string account, Guid fileId, CancellationToken cancellationToken = default)
    {
        var owner = OwnerOf(account);
        return await db.Set<StoredFile>()
            .Where(f => f.Id == fileId && f.Area == StagingArea && f.Owner == owner && f.Completed)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Area, AttachmentArea).SetProperty(f => f.Owner, (string?)null), cancellationToken) == 1;
    }

    /// <summary>Removes a filed document's file, in the caller's transaction (a corrected filing's replaced documents).</summary>
    public async Task RemoveAsync(FilingAttachment attachment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        if (attachment.FileId is { } id)
        {
            await FileStore.DeleteAsync(db, id, cancellationToken);
        }
    }

    /// <summary>
    /// A filed document as a download, or null when its file is not there. The caller has checked that the person may
    /// read this filing; the file must also be a filed attachment (never someone's staging).
    /// </summary>
    public async Task<FileStreamResult?> DownloadAsync(HttpContext context, FilingAttachment attachment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        if (!await IsFiledAsync(attachment, cancellationToken))
        {
            return null;
        }

        return await files.DownloadAsync(context, attachment.FileId!.Value, attachment.FileName, attachment.ContentType, personal: true, cancellationToken);
    }

    /// <summary>Whether the document's file is there, as a filed attachment (never someone's staging).</summary>
    public async Task<bool> IsFiledAsync(FilingAttachment attachment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        return attachment.FileId is { } id && await FileStore.FindAsync(db, id, cancellationToken) is { Area: AttachmentArea };
    }

    /// <summary>The account's staging owner: a hash, so that no account id appears beside the files.</summary>
    private static string OwnerOf(string account) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(account)))[..32];
}

/// <summary>An hourly upload allowance per account, in KiB, refilled every hour (per node, in memory).</summary>
public sealed class AttachmentAllowance(IOptions<FilingOptions> options) : IDisposable
{
    private const int KiB = 1024;

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

    public bool TryReserve(string owner, long bytes)
    {
        var permits = (int)Math.Min(int.MaxValue, Math.Max(1, (bytes + KiB - 1) / KiB));
        using var lease = hourly.AttemptAcquire(owner, permits);
        return lease.IsAcquired;
    }

    public void Dispose() => hourly.Dispose();
}

/// <summary>Staged uploads of check pages nobody confirmed: gone after a day (a draft seal lives 30 minutes).</summary>
public sealed class FilingStagingCleanup : Infrastructure.Housekeeping.IHousekeepingTask
{
    public string Name => "abandoned filing uploads";

    public Task<int> RunAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken) =>
        FileStore.DeleteOlderThanAsync(db, AttachmentStore.StagingArea, now.AddDays(-1), cancellationToken);
}
