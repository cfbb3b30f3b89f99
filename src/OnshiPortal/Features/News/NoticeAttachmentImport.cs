using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Files;

namespace OnshiPortal.Features.News;

/// <summary>
/// Notice PDFs of earlier versions, which lay in <c>News:AttachmentFolder</c> as <c>{32 hex}.pdf</c>: moved into the
/// file store under the hex read as a Guid, and the row pointed at it. Staged uploads on disk are not moved: their
/// drafts expired long before an upgrade finishes.
/// </summary>
public sealed class NoticeAttachmentImport(PortalDbContext db, FileStore store, IOptions<NewsOptions> options, ILogger<NoticeAttachmentImport> logger) : ILegacyFileImport
{
    public async Task<LegacyImportResult> ImportAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(options.Value.AttachmentFolder);
        var pending = await db.Set<NoticeAttachment>().AsNoTracking()
            .Where(a => a.FileId == null)
            .Select(a => new { a.Id, a.StoredName, a.FileName })
            .ToListAsync(cancellationToken);
        int moved = 0, missing = 0;
        foreach (var row in pending)
        {
            var path = Path.Combine(folder, row.StoredName);
            if (!row.StoredName.EndsWith(".pdf", StringComparison.Ordinal) || !Guid.TryParseExact(row.StoredName[..^4], "N", out var id) || !File.Exists(path))
            {
                logger.LogWarning("Notice attachment {AttachmentId}: its file is not in {Folder}; left without content", row.Id, folder);
                missing++;
                continue;
            }

            await LegacyFiles.StoreOnceAsync(store, id, NoticeFiles.Area, row.FileName, "application/pdf", path, cancellationToken);
            await db.Set<NoticeAttachment>().Where(a => a.Id == row.Id && a.FileId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.FileId, (Guid?)id), cancellationToken);
            moved++;
        }

        return new LegacyImportResult($"お知らせの添付ファイル（{folder}）", moved, missing);
    }
}
