using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.News.Operator;

/// <summary>お知らせの管理: every notice, whatever its state, newest date first.</summary>
[Authorize(Roles = Roles.BackOffice)]
public sealed class IndexModel(PortalDbContext db, TimeProvider clock) : PageModel
{
    public List<Row> Notices { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var notices = await db.Set<Notice>().AsNoTracking().Include(n => n.Category)
            .OrderByDescending(n => n.PublishAt).ThenByDescending(n => n.Id)
            .Take(500)
            .ToListAsync(cancellationToken);
        var ids = notices.Select(n => n.Id).ToList();
        var circulated = await db.Set<Circulation>().Where(c => ids.Contains(c.NoticeId))
            .GroupBy(c => c.NoticeId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        Notices = [.. notices.Select(n => new Row(n.Id, n.Title, n.Category.Name, n.PublishAt, n.StateAt(now), circulated.GetValueOrDefault(n.Id)))];
    }

    public sealed record Row(long Id, string Title, string Category, DateTimeOffset PublishAt, NoticeState State, int Circulations);
}
