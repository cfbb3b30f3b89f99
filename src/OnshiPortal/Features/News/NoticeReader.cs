using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.News;

/// <summary>
/// Notices as readers see them: published, and dated today or earlier (a scheduled notice appears by itself when
/// its date comes). An institution's account sees which it has not opened yet (未読).
/// </summary>
public sealed class NoticeReader(PortalDbContext db, TimeProvider clock, IOptions<NewsOptions> options)
{
    public int PageSize => options.Value.PageSize;

    public async Task<List<NoticeListItem>> LatestAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var items = await Visible()
            .OrderByDescending(n => n.PublishAt).ThenByDescending(n => n.Id)
            .Take(options.Value.Latest)
            .Select(n => new NoticeListItem(n.Id, n.Title, n.Category.Name, n.PublishAt, false))
            .ToListAsync(cancellationToken);
        return await MarkUnreadAsync(items, user, cancellationToken);
    }

    public async Task<NoticePage> PageAsync(int? categoryId, int page, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var query = Visible();
        if (categoryId is { } category)
        {
            query = query.Where(n => n.CategoryId == category);
        }

        var total = await query.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        var items = await query
            .OrderByDescending(n => n.PublishAt).ThenByDescending(n => n.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(n => new NoticeListItem(n.Id, n.Title, n.Category.Name, n.PublishAt, false))
            .ToListAsync(cancellationToken);
        return new NoticePage(await MarkUnreadAsync(items, user, cancellationToken), total, page, pageCount);
    }

    /// <summary>A notice a reader may open, or null (unknown, unpublished or not yet dated).</summary>
    public Task<Notice?> FindVisibleAsync(long id, CancellationToken cancellationToken = default) =>
        Visible().Include(n => n.Category).Include(n => n.Attachments).AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, cancellationToken);

    /// <summary>Records that the institution's account opened the notice (once; a second opening changes nothing).</summary>
    public async Task MarkReadAsync(long noticeId, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (ReaderId(user) is not { } userId || await db.Set<NoticeRead>().AnyAsync(r => r.UserId == userId && r.NoticeId == noticeId, cancellationToken))
        {
            return;
        }

        db.Set<NoticeRead>().Add(new NoticeRead { NoticeId = noticeId, UserId = userId, ReadAt = clock.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same account opened it in two tabs at once: the other request recorded it.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>An institution's account (not an operator): the reader whose unread marks are kept.</summary>
    public static string? ReaderId(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && !user.IsInRole(Roles.Operator) && !user.IsInRole(Roles.Admin)
            ? user.FindFirstValue(ClaimTypes.NameIdentifier)
            : null;

    private IQueryable<Notice> Visible()
    {
        var now = clock.GetUtcNow();
        return db.Set<Notice>().AsNoTracking().Where(n => n.IsPublished && n.PublishAt <= now);
    }

    private async Task<List<NoticeListItem>> MarkUnreadAsync(List<NoticeListItem> items, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (ReaderId(user) is not { } userId || items.Count == 0)
        {
            return items;
        }

        var ids = items.Select(i => i.Id).ToList();
        var read = (await db.Set<NoticeRead>().Where(r => r.UserId == userId && ids.Contains(r.NoticeId)).Select(r => r.NoticeId).ToListAsync(cancellationToken)).ToHashSet();
        return [.. items.Select(i => i with { Unread = !read.Contains(i.Id) })];
    }
}

public sealed record NoticeListItem(long Id, string Title, string Category, DateTimeOffset PublishAt, bool Unread);

public sealed record NoticePage(List<NoticeListItem> Items, int Total, int Page, int PageCount);
