using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Status;

/// <summary>
/// The open incidents for the banner on every page, read from the database at most once every
/// <see cref="Freshness"/> on each node: on a deadline day a hundred thousand page views must not each ask. A node
/// whose operator opened or closed one forgets at once; the others within <see cref="Freshness"/>. A database that
/// does not answer shows the last banner it read (or none) rather than failing every page, and is asked again only
/// after <see cref="Freshness"/>.
/// </summary>
public sealed class StatusBanner(IServiceScopeFactory scopes, TimeProvider clock, ILogger<StatusBanner> logger)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(15);

    private Snapshot? snapshot;

    /// <summary>The open incidents' ids, kinds and titles, newest first.</summary>
    public async Task<IReadOnlyList<BannerIncident>> OpenAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (Volatile.Read(ref snapshot) is { } kept && now - kept.At < Freshness)
        {
            return kept.Incidents;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var incidents = await db.Set<Incident>().AsNoTracking().Where(i => i.ResolvedAt == null).OrderByDescending(i => i.StartedAt)
                .Select(i => new BannerIncident(i.Id, i.Kind, i.Title)).Take(5).ToListAsync(cancellationToken);
            Volatile.Write(ref snapshot, new Snapshot(now, incidents));
            return incidents;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Kept like an answer: while the database is away, one try per node every 15 seconds, not one per page.
            var last = Volatile.Read(ref snapshot)?.Incidents ?? [];
            Volatile.Write(ref snapshot, new Snapshot(now, last));
            logger.LogWarning(e, "The status banner could not read the open incidents.");
            return last;
        }
    }

    /// <summary>Drops what this node kept: its own operator's change shows on the next page.</summary>
    public void Forget() => Volatile.Write(ref snapshot, null);

    private sealed record Snapshot(DateTimeOffset At, IReadOnlyList<BannerIncident> Incidents);
}

public sealed record BannerIncident(long Id, IncidentKind Kind, string Title);
