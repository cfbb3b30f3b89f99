using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Files;
using OnshiPortal.Infrastructure.Housekeeping;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.News;

/// <summary>
/// The attached PDFs, in the database's file store (Infrastructure/Files) so that every node serves them. An upload
/// is first staged (area <see cref="StagingArea"/>; the check page comes between upload and save), then moved to
/// <see cref="Area"/> in the transaction that saves the notice. The uploader's file name is kept only as text.
/// Staging nobody confirmed is removed after a day (<see cref="NoticeStagingCleanup"/>). Scoped: it works in the
/// request's context, so that <see cref="CommitAsync"/> is part of the notice's transaction.
/// </summary>
public sealed class NoticeFiles(PortalDbContext db, FileStore files, IOptions<NewsOptions> options)
{
    public const string Area = "news";

    public const string StagingArea = "news-staging";

    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();

    private readonly NewsOptions options = options.Value;

    public int MaxFiles => options.MaxFiles;

    /// <summary>Checks one upload (a real PDF by its first bytes, not by its name) and stages it; or says why not.</summary>
    public async Task<(NoticeFileEntry? Entry, string? Error)> StageAsync(IFormFile file, CancellationToken cancellationToken)
    {
        var name = DisplayName(file.FileName);
        if (file.Length == 0)
        {
            return (null, Ui.Text("「{0}」は空のファイルです。", name));
        }

        if (file.Length > options.MaxFileBytes)
        {
            return (null, Ui.Text("「{0}」は大きすぎます（{1}MBまで）。", name, options.MaxFileBytes / 1024 / 1024));
        }

        var head = new byte[PdfMagic.Length];
        int read;
        await using (var peek = file.OpenReadStream())
        {
            read = await peek.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        }

        if (read < head.Length || !head.AsSpan().SequenceEqual(PdfMagic))
        {
            return (null, Ui.Text("「{0}」はPDFファイルではありません。添付できるのはPDFファイルだけです。", name));
        }

        // The form reader has buffered the upload; a second stream reads it again from its start.
        await using var input = file.OpenReadStream();
        var stored = await files.SaveAsync(StagingArea, name, "application/pdf", input, cancellationToken);
        return (new NoticeFileEntry(null, stored.Id, name, stored.Length), null);
    }

    public Task<bool> IsStagedAsync(Guid fileId, CancellationToken cancellationToken = default) =>
        db.Set<StoredFile>().AnyAsync(f => f.Id == fileId && f.Area == StagingArea && f.Completed, cancellationToken);

    /// <summary>Moves a staged file in, in the caller's transaction; false when it is no longer staged.</summary>
    public async Task<bool> CommitAsync(Guid fileId, CancellationToken cancellationToken = default) =>
        await db.Set<StoredFile>()
            .Where(f => f.Id == fileId && f.Area == StagingArea && f.Completed)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Area, Area), cancellationToken) == 1;

    /// <summary>A saved attachment as a download, or null when its file is missing. The caller decided it may be read.</summary>
    public async Task<FileStreamResult?> DownloadAsync(HttpContext context, NoticeAttachment attachment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        if (attachment.FileId is not { } id || await FileStore.FindAsync(db, id, cancellationToken) is not { Area: Area })
        {
            return null;
        }

        // Public once published, so not personal; pages add no-store to every file anyway (NoStoreFiles).
        return await files.DownloadAsync(context, id, attachment.FileName, "application/pdf", personal: false, cancellationToken);
    }

    /// <summary>Removes a saved attachment's file (after the notice no longer names it).</summary>
    public async Task DeleteAsync(NoticeAttachment attachment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        if (attachment.FileId is { } id)
        {
            await files.DeleteAsync(id, cancellationToken);
        }
    }

    /// <summary>The name as shown and offered on download: no folder part, no control characters, ends in .pdf.</summary>
    public static string DisplayName(string uploaded)
    {
        var name = Path.GetFileName(uploaded.Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length == 0)
        {
            name = "添付ファイル.pdf";
        }

        if (!name.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase))
        {
            name += ".pdf";
        }

        return name.Length > 200 ? name[..196] + ".pdf" : name;
    }
}

/// <summary>A file of a notice being written: a saved attachment (<see cref="AttachmentId"/>) or a staged upload (<see cref="StagedId"/>).</summary>
public sealed record NoticeFileEntry(long? AttachmentId, Guid? StagedId, string FileName, long Size)
{
    /// <summary>The value of its 削除 checkbox.</summary>
    public string Key => AttachmentId is { } id ? "a" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) : "s" + StagedId?.ToString("N");
}

/// <summary>Staged notice uploads whose check page nobody confirmed: gone after a day (a draft seal lives 30 minutes).</summary>
public sealed class NoticeStagingCleanup : IHousekeepingTask
{
    public string Name => "abandoned notice uploads";

    public Task<int> RunAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken) =>
        FileStore.DeleteOlderThanAsync(db, NoticeFiles.StagingArea, now.AddDays(-1), cancellationToken);
}
