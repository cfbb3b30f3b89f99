using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Status;

/// <summary>
/// The operator's side of /status: open an incident, report on it, close it. Opening and closing each make the
/// incident's mail (<see cref="IncidentMailing"/>) in the same transaction, so the all-clear goes by itself when the
/// operator closes; every step is audited. The banner's cache (<see cref="StatusBanner"/>) is dropped on this node.
/// </summary>
public sealed class StatusBoard(PortalDbContext db, AuditTrail audit, StatusBanner banner, TimeProvider clock)
{
    /// <summary>How far back /status lists closed incidents.</summary>
    public static readonly TimeSpan History = TimeSpan.FromDays(90);

    public Task<List<Incident>> OpenAsync(CancellationToken cancellationToken) =>
        db.Set<Incident>().AsNoTracking().Include(i => i.Updates).Where(i => i.ResolvedAt == null)
            .OrderByDescending(i => i.StartedAt).ToListAsync(cancellationToken);

    public Task<List<Incident>> PastAsync(CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow() - History;
        return db.Set<Incident>().AsNoTracking().Include(i => i.Updates).Where(i => i.ResolvedAt != null && i.ResolvedAt >= since)
            .OrderByDescending(i => i.StartedAt).Take(100).ToListAsync(cancellationToken);
    }

    public Task<Incident?> FindAsync(long id, CancellationToken cancellationToken) =>
        db.Set<Incident>().AsNoTracking().Include(i => i.Updates).FirstOrDefaultAsync(i => i.Id == id, cancellationToken);

    /// <summary>Opens an incident with its first report; the mail to those who asked goes through the outbox.</summary>
    public async Task<Incident> OpenAsync(IncidentKind kind, string title, string body, string by, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var incident = new Incident { Kind = kind, Title = title.Trim(), StartedAt = now, OpenedBy = by };
        incident.Updates.Add(new IncidentUpdate { At = now, Body = body.Trim(), By = by });
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Add(incident);
        await db.SaveChangesAsync(cancellationToken);
        db.Add(new IncidentMailing { IncidentId = incident.Id, Phase = IncidentMailPhase.Opened, CreatedAt = now });
        audit.Record("status.opened", by, null, new { incident = incident.Id, kind = kind.ToString(), title = incident.Title });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        banner.Forget();
        return incident;
    }

    /// <summary>A report on an open incident (no mail: people read /status); false when it is closed already.</summary>
    public async Task<bool> PostAsync(long id, string body, string by, CancellationToken cancellationToken) =>
        await AddAsync(id, body, by, resolves: false, cancellationToken);

    /// <summary>Closes the incident with its last report, and makes the all-clear mail; false when it was closed already.</summary>
    public async Task<bool> ResolveAsync(long id, string body, string by, CancellationToken cancellationToken) =>
        await AddAsync(id, body, by, resolves: true, cancellationToken);

    private async Task<bool> AddAsync(long id, string body, string by, bool resolves, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // The close is a conditional update: of two operators closing at once, one closes and one is told it was.
        var open = resolves
            ? await db.Set<Incident>().Where(i => i.Id == id && i.ResolvedAt == null).ExecuteUpdateAsync(s => s.SetProperty(i => i.ResolvedAt, now), cancellationToken)
            : await db.Set<Incident>().CountAsync(i => i.Id == id && i.ResolvedAt == null, cancellationToken);
        if (open == 0)
        {
            return false;
        }

        db.Add(new IncidentUpdate { IncidentId = id, At = now, Body = body.Trim(), By = by, Resolves = resolves });
        if (resolves)
        {
            db.Add(new IncidentMailing { IncidentId = id, Phase = IncidentMailPhase.Resolved, CreatedAt = now });
        }

        audit.Record(resolves ? "status.resolved" : "status.updated", by, null, new { incident = id });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        banner.Forget();
        return true;
    }
}
