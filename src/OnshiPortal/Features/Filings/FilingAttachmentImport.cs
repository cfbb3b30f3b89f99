using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Files;

namespace OnshiPortal.Features.Filings;

/// <summary>
/// Filed documents of earlier versions, which lay in <c>Filings:Attachments:Folder</c> under a random 32-hex name:
/// moved into the file store under that name read as a Guid, and the row pointed at it. Staged uploads on disk are
/// not moved: their drafts expired long before an upgrade finishes.
/// </summary>
public sealed class FilingAttachmentImport(PortalDbContext db, FileStore store, IOptions<FilingOptions> options, ILogger<FilingAttachmentImport> logger) : ILegacyFileImport
{
    public async Task<LegacyImportResult> ImportAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(options.Value.Attachments.Folder);
        var pending = await db.Set<FilingAttachment>().AsNoTracking()
            .Where(a => a.FileId == null)
            .Select(a => new { a.Id, a.StoredName, a.FileName, a.ContentType })
            .ToListAsync(cancellationToken);
        int moved = 0, missing = 0;
        foreach (var row in pending)
        {
            var path = Path.Combine(folder, row.StoredName);
            if (!Guid.TryParseExact(row.StoredName, "N", out var id) || !File.Exists(path))
            {
                // Not the operator's secret: the row's id only. The download of it answers 404, as it did.
                logger.LogWarning("Filing attachment {AttachmentId}: its file is not in {Folder}; left without content", row.Id, folder);
                missing++;
                continue;
            }

            await LegacyFiles.StoreOnceAsync(store, id, AttachmentStore.AttachmentArea, row.FileName, row.ContentType, path, cancellationToken);
            await db.Set<FilingAttachment>().Where(a => a.Id == row.Id && a.FileId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.FileId, (Guid?)id), cancellationToken);
            moved++;
        }

        return new LegacyImportResult($"届出の添付書類（{folder}）", moved, missing);
    }
}
