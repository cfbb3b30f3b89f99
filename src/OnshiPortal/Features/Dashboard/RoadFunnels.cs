using System.Globalization;
using Microsoft.EntityFrameworkCore;
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
/// The road's counts from the milestones kept on the master row (<see cref="Procedures.Road.RoadMilestones"/>):
/// the cells by prefecture and kind come with the registration's own GROUP BY over <c>IX_Institutions_Dashboard</c>
/// (<see cref="RegistrationDashboard"/>), the months from one range each of <c>IX_Institutions_ServiceApplied</c>
/// and <c>IX_Institutions_OperationStarted</c> (docs/benchmarks.md, "Road"). Only active institutions count, as for
/// the registration rate.
/// </summary>
internal static class RoadFunnels
{
    /// <summary>
    /// Every month from the first 受理 or 運用開始日 to the last (or this month, if later), months without either
    /// included. Each institution counts in the month of its first accepted 利用申請 and of its 運用開始日.
    /// </summary>
    public static async Task<List<RoadMonth>> MonthlyAsync(PortalDbContext db, DateOnly today, CancellationToken cancellationToken)
    {
        var applied = await AppliedByDay(db).ToListAsync(cancellationToken);
        var started = await StartedByDay(db).ToListAsync(cancellationToken);

        var appliedByMonth = applied.GroupBy(d => MonthOf(d.Day)).ToDictionary(g => g.Key, g => g.Sum(d => d.Count));
        var startedByMonth = started.GroupBy(s => MonthOf(s.Day)).ToDictionary(g => g.Key, g => g.Sum(s => s.Count));
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

    /// <summary>Active institutions by the day of their first 利用申請 受理: a range of <c>IX_Institutions_ServiceApplied</c>.</summary>
    internal static IQueryable<MilestoneDay> AppliedByDay(PortalDbContext db) =>
        db.Institutions.AsNoTracking()
            .Where(i => i.Status == InstitutionStatus.Active && i.ServiceAppliedOn != null)
            .GroupBy(i => i.ServiceAppliedOn!.Value)
            .Select(g => new MilestoneDay(g.Key, g.LongCount()));

    /// <summary>Active institutions by their 運用開始日: a range of <c>IX_Institutions_OperationStarted</c>.</summary>
    internal static IQueryable<MilestoneDay> StartedByDay(PortalDbContext db) =>
        db.Institutions.AsNoTracking()
            .Where(i => i.Status == InstitutionStatus.Active && i.OperationStartedOn != null)
            .GroupBy(i => i.OperationStartedOn!.Value)
            .Select(g => new MilestoneDay(g.Key, g.LongCount()));

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

/// <summary>Active institutions that reached a milestone of the road on a day.</summary>
internal sealed record MilestoneDay(DateOnly Day, long Count);

/// <summary>What <c>_RoadTable.cshtml</c> shows: the road by prefecture or kind and the nationwide row below.</summary>
public sealed record RoadTableModel(string Caption, string LabelHeader, IReadOnlyList<RoadRow> Rows, RoadRow Total);
