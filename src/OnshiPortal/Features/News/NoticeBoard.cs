using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.News;

/// <summary>What operators do to notices: save a written one, publish it, unpublish it. Every action is audited.</summary>
public sealed class NoticeBoard(PortalDbContext db, NoticeFiles files, AuditTrail audit, TimeProvider clock)
{
    private const string ExpiredUpload = "添付ファイルの有効期限が切れました。もう一度添付してください。";

    public Task<List<NoticeCategory>> CategoriesAsync(CancellationToken cancellationToken = default) =>
        db.Set<NoticeCategory>().AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(cancellationToken);

    public Task<Notice?> FindAsync(long id, CancellationToken cancellationToken = default) =>
        db.Set<Notice>().Include(n => n.Category).Include(n => n.Attachments).FirstOrDefaultAsync(n => n.Id == id, cancellationToken);

    /// <summary>Creates (<paramref name="id"/> null) or updates a notice; null with a reason when it cannot.</summary>
    public async Task<(long? Id, string? Refusal)> SaveAsync(long? id, NoticeEntries entries, string actor, CancellationToken cancellationToken = default)
    {
        if (!await db.Set<NoticeCategory>().AnyAsync(c => c.Id == entries.CategoryId, cancellationToken))
        {
            return (null, "選択された分類はありません。もう一度入力してください。");
        }

        var now = clock.GetUtcNow();
        Notice notice;
        if (id is { } existing)
        {
            var found = await FindAsync(existing, cancellationToken);
            if (found is null)
            {
                return (null, "このお知らせはありません。");
            }

            notice = found;
        }
        else
        {
            notice = new Notice { CreatedAt = now, CreatedBy = actor };
            db.Set<Notice>().Add(notice);
        }

        var staged = entries.Files.Where(f => f.StagedId is not null).ToList();
        foreach (var file in staged)
        {
            if (!await files.IsStagedAsync(file.StagedId!.Value, cancellationToken))
            {
                return (null, ExpiredUpload);
            }
        }

        var kept = entries.Files.Where(f => f.AttachmentId is not null).Select(f => f.AttachmentId!.Value).ToHashSet();
        var removed = notice.Attachments.Where(a => !kept.Contains(a.Id)).ToList();
        foreach (var attachment in removed)
        {
            notice.Attachments.Remove(attachment);
            db.Remove(attachment);
        }

        foreach (var file in staged)
        {
            var fileId = file.StagedId!.Value;
            notice.Attachments.Add(new NoticeAttachment { FileName = file.FileName, StoredName = fileId.ToString("N") + ".pdf", FileId = fileId, Size = file.Size });
        }

        notice.Title = entries.Title;
        notice.CategoryId = entries.CategoryId;
        notice.Body = entries.Body;
        notice.PublishAt = entries.PublishAt;
        notice.UpdatedAt = now;
        notice.UpdatedBy = actor;

        // The notice and its files' move out of staging together: a failed save leaves the uploads staged.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var file in staged)
        {
            if (!await files.CommitAsync(file.StagedId!.Value, cancellationToken))
            {
                await transaction.RollbackAsync(cancellationToken);
                return (null, ExpiredUpload);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        audit.Record(id is null ? "notice.created" : "notice.updated", actor, null, new
        {
            notice = notice.Id,
            entries.Title,
            entries.CategoryId,
            publishAt = entries.PublishAt,
            added = staged.Select(f => f.FileName).ToArray(),
            removed = removed.Select(a => a.FileName).ToArray(),
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        foreach (var attachment in removed)
        {
            await files.DeleteAsync(attachment, cancellationToken);
        }

        return (notice.Id, null);
    }

    public Task<bool> PublishAsync(long id, string actor, CancellationToken cancellationToken = default) =>
        SetPublishedAsync(id, true, actor, cancellationToken);

    public Task<bool> UnpublishAsync(long id, string actor, CancellationToken cancellationToken = default) =>
        SetPublishedAsync(id, false, actor, cancellationToken);

    private async Task<bool> SetPublishedAsync(long id, bool published, string actor, CancellationToken cancellationToken)
    {
        var notice = await db.Set<Notice>().FirstOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (notice is null)
        {
            return false;
        }

        if (notice.IsPublished != published)
        {
            notice.IsPublished = published;
            notice.UpdatedAt = clock.GetUtcNow();
            notice.UpdatedBy = actor;
            audit.Record(published ? "notice.published" : "notice.unpublished", actor, null, new { notice = notice.Id, notice.Title, publishAt = notice.PublishAt });

            // The first publication queues the notice for the people who asked for news by mail (NewsByMail sends
            // it in batches once its 掲載日 has come); publishing it again after a stop does not mail it twice.
            if (published && !await db.Set<NoticeMailing>().AnyAsync(m => m.NoticeId == notice.Id, cancellationToken))
            {
                db.Set<NoticeMailing>().Add(new NoticeMailing { NoticeId = notice.Id, CreatedAt = notice.UpdatedAt });
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return true;
    }
}
