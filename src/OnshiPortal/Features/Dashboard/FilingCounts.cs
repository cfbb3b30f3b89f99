using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Filings;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Dashboard;

/// <summary>届出の状況: filings of one type by state; <see cref="Counts"/> follows <see cref="FilingCounts.States"/>.</summary>
public sealed record FilingRow(FilingType Type, IReadOnlyList<long> Counts)
{
    public long Total => Counts.Sum();
}

/// <summary>The filings by type and state: a GROUP BY over the filings, every type and state shown even at zero.</summary>
internal static class FilingCounts
{
    public static readonly FilingState[] States = Enum.GetValues<FilingState>();

    public static async Task<List<FilingRow>> LoadAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var counts = await db.Set<Filing>().AsNoTracking()
            .GroupBy(f => new { f.Type, f.State })
            .Select(g => new { g.Key.Type, g.Key.State, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        return [.. Enum.GetValues<FilingType>().Select(type => new FilingRow(
            type,
            [.. States.Select(state => counts.Where(c => c.Type == type && c.State == state).Sum(c => c.Count))]))];
    }
}
