using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Dashboard;

/// <summary>
/// 運用開始までの道のり, one row (全国, a prefecture, a kind): active institutions, those with an account that counts
/// (as the registration rate counts them), those whose 利用申請 was accepted, those whose 運用開始日 was registered
/// and accepted. Each step counts institutions, not filings: an institution that filed twice counts once.
/// </summary>
/// <param name="Key">As <see cref="RateRow.Key"/>: the 都道府県番号, the 点数表番号, or empty for 全国.</param>
public sealed record RoadRow(string Key, string Label, long Active, long Registered, long Applied, long Started)
{
    public static readonly string[] StepNames = ["有効な医療機関等", "アカウント登録", "利用申請 受理", "運用開始"];

    /// <summary>運用開始 over active institutions; null when there is none.</summary>
    public double? StartedRate => Active == 0 ? null : (double)Started / Active;

    public Funnel ToFunnel(string title) => Funnel.From(title, [
        new FunnelStep(StepNames[0], Active),
        new FunnelStep(StepNames[1], Registered),
        new FunnelStep(StepNames[2], Applied),
        new FunnelStep(StepNames[3], Started),
    ]);
}

/// <summary>
/// One month (Japan time): institutions whose first 利用申請 was accepted in it (by the time of 受理), and those whose
/// 運用開始日 falls in it, each with the total up to that month.
/// </summary>
public sealed record RoadMonth(DateOnly Month, long Applied, long AppliedTotal, long Started, long StartedTotal);

/// <summary>The road's figures for the dashboard: 全国, by prefecture (47), by kind (3), and by month.</summary>
public sealed record RoadFigures(RoadRow Overall, IReadOnlyList<RoadRow> ByPrefecture, IReadOnlyList<RoadRow> ByKind, IReadOnlyList<RoadMonth> Monthly);

/// <summary>
/// The road's counts, computed in the database like the rest of the dashboard (docs/benchmarks.md, "Road"): one
/// GROUP BY per step over the filings' <c>IX_Filing_Road</c> index (type, state, prefecture, kind, code: the cells
/// without a sort, the code for the distinct count and the probe of the master), and the months from the same
/// index's (type, state) range. Only active institutions count, as for the registration rate.
/// </summary>
internal static class RoadFunnels
{
    /// <summary>The filings of a step: those of its procedure the operator accepted (the procedures of the road have no step after it).</summary>
    private const FilingState Accepted = FilingState.Accepted;

    public static async Task<Dictionary<(int Prefecture, InstitutionKind Kind), (long Applied, long Started)>> CellsAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var applied = await CountAsync(db, FilingType.ServiceApplication, cancellationToken);
        var started = await CountAsync(db, FilingType.OperationStart, cancellationToken);
        var cells = new Dictionary<(int, InstitutionKind), (long, long)>();
        foreach (var key in applied.Keys.Union(started.Keys))
        {
            cells[key] = (applied.GetValueOrDefault(key), started.GetValueOrDefault(key));
        }

        return cells;
    }

    /// <summary>Institutions by prefecture and kind with an accepted filing of the type (運用開始: with its date).</summary>
    private static async Task<Dictionary<(int, InstitutionKind), long>> CountAsync(PortalDbContext db, FilingType type, CancellationToken cancellationToken)
    {
        var rows = await db.Set<Filing>().AsNoTracking()
            .Where(f => f.Type == type && f.State == Accepted && (type != FilingType.OperationStart || f.EffectiveOn != null))
            .Where(f => db.Institutions.Any(i => i.Code == f.InstitutionCode && i.Status == InstitutionStatus.Active))
            .GroupBy(f => new { f.Prefecture, f.Kind })
            .Select(g => new { g.Key.Prefecture, g.Key.Kind, Count = g.Select(f => f.InstitutionCode).Distinct().LongCount() })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => (r.Prefecture, r.Kind), r => r.Count);
    }

    /// <summary>
    /// Every month from the first 受理 or 運用開始日 to the last (or this month, if later), months without either
    /// included. Each institution counts in the month of its first accepted 利用申請 and of its earliest 運用開始日.
    /// </summary>
    public static async Task<List<RoadMonth>> MonthlyAsync(PortalDbContext db, DateOnly today, bool sqlite, CancellationToken cancellationToken)
    {
        var applied = await db.Database
            .SqlQueryRaw<DayCount>(sqlite ? RoadSql.AppliedByDaySqlite : RoadSql.AppliedByDayPostgres)
            .ToListAsync(cancellationToken);
        var started = await db.Set<Filing>().AsNoTracking()
            .Where(f => f.Type == FilingType.OperationStart && f.State == Accepted && f.EffectiveOn != null)
            .Where(f => db.Institutions.Any(i => i.Code == f.InstitutionCode && i.Status == InstitutionStatus.Active))
            .GroupBy(f => f.InstitutionCode)
            .Select(g => g.Min(f => f.EffectiveOn))
            .GroupBy(day => day)
            .Select(g => new { Day = g.Key, Count = g.LongCount() })
            .ToListAsync(cancellationToken);

        var appliedByMonth = applied.GroupBy(d => MonthOf(DateOnly.FromDayNumber((int)d.Day))).ToDictionary(g => g.Key, g => g.Sum(d => d.Accounts));
        var startedByMonth = started.Where(s => s.Day is not null).GroupBy(s => MonthOf(s.Day!.Value)).ToDictionary(g => g.Key, g => g.Sum(s => s.Count));
        var months = appliedByMonth.Keys.Concat(startedByMonth.Keys).ToList();
        if (months.Count == 0)
        {
            return [];
        }

        var first = months.Min();
        var last = months.Max() is var latest && latest > MonthOf(today) ? latest : MonthOf(today);
        var series = new List<RoadMonth>();
        long appliedTotal = 0, startedTotal = 0;
        for (var month = first; month <= last; month = month.AddMonths(1))
        {
            var a = appliedByMonth.GetValueOrDefault(month);
            var s = startedByMonth.GetValueOrDefault(month);
            appliedTotal += a;
            startedTotal += s;
            series.Add(new RoadMonth(month, a, appliedTotal, s, startedTotal));
        }

        return series;
    }

    /// <summary>The rows of the road from the registration rows (active, registered) and the road's cells.</summary>
    public static RoadFigures Compose(
        RateRow overall,
        IReadOnlyList<RateRow> byPrefecture,
        IReadOnlyList<RateRow> byKind,
        Dictionary<(int Prefecture, InstitutionKind Kind), (long Applied, long Started)> cells,
        IReadOnlyList<RoadMonth> monthly)
    {
        RoadRow Row(RateRow rate, Func<(int Prefecture, InstitutionKind Kind), bool> includes)
        {
            long applied = 0, started = 0;
            foreach (var (key, value) in cells.Where(c => includes(c.Key)))
            {
                applied += value.Applied;
                started += value.Started;
            }

            return new RoadRow(rate.Key, rate.Label, rate.Institutions, rate.Accounts, applied, started);
        }

        return new RoadFigures(
            Row(overall, _ => true),
            [.. byPrefecture.Select(r => Row(r, c => c.Prefecture.ToString("00", CultureInfo.InvariantCulture) == r.Key))],
            [.. byKind.Select(r => Row(r, c => ((int)c.Kind).ToString(CultureInfo.InvariantCulture) == r.Key))],
            monthly);
    }

    private static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);
}

/// <summary>What <c>_RoadTable.cshtml</c> shows: the road by prefecture or kind and the nationwide row below.</summary>
public sealed record RoadTableModel(string Caption, string LabelHeader, IReadOnlyList<RoadRow> Rows, RoadRow Total);
