using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Filings;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Procedures.Road;

/// <summary>
/// The road's two milestones on the master row, <see cref="Institutions.Institution.ServiceAppliedOn"/> and
/// <see cref="Institutions.Institution.OperationStartedOn"/>: what the dashboard counts, so that its funnel on
/// 250,000 institutions is one GROUP BY over the master's index instead of a distinct count of filings joined back to
/// the master (docs/benchmarks.md, "Road"). Recomputed from the institution's accepted filings, never incremented,
/// in the transaction that changes them: the 受理 of a 利用申請 or a 運用開始日 (their procedures' hooks) and a
/// succession that carries the road to a new code. An accepted filing of either has no later state, so these are
/// the only moments the milestones move. The migration that added the columns filled them by the same rule in SQL.
/// </summary>
internal static class RoadMilestones
{
    private const int ServiceApplication = (int)FilingType.ServiceApplication;

    private const int OperationStart = (int)FilingType.OperationStart;

    private const int Accepted = (int)FilingState.Accepted;

    /// <summary>
    /// <see cref="RecomputeAsync"/>'s rule for every institution at once, for rows written without the hooks: the
    /// migration that added the columns (filings accepted before it) and bulk loads (bench/). A SQLite instant is its
    /// UTC ticks, a date its ISO text; the Japanese day is nine hours on. One pass over the accepted filings (a
    /// subquery per institution would search the filings once for each of 250,000).
    /// </summary>
    public static readonly string BackfillSqlite = $"""
        UPDATE "Institutions" SET "ServiceAppliedOn" = m.applied, "OperationStartedOn" = m.started
        FROM (SELECT code,
                     {JapanDaySql.Sqlite($"MIN(CASE WHEN type = {ServiceApplication} THEN at END)")} AS applied,
                     MAX(CASE WHEN type = {OperationStart} AND latest = 1 THEN effective END) AS started
              FROM (SELECT f."InstitutionCode" AS code, f."Type" AS type, f."UpdatedAt" AS at, f."EffectiveOn" AS effective,
                           ROW_NUMBER() OVER (PARTITION BY f."InstitutionCode", f."Type" ORDER BY f."UpdatedAt" DESC, f."Id" DESC) AS latest
                    FROM "Filing" AS f
                    WHERE f."Type" IN ({ServiceApplication}, {OperationStart}) AND f."State" = {Accepted} AND (f."Type" = {ServiceApplication} OR f."EffectiveOn" IS NOT NULL))
              GROUP BY code) AS m
        WHERE "Institutions"."Code" = m.code
        """;

    /// <summary>As <see cref="BackfillSqlite"/>.</summary>
    public static readonly string BackfillPostgres = $"""
        UPDATE "Institutions" AS i SET "ServiceAppliedOn" = m.applied, "OperationStartedOn" = m.started
        FROM (SELECT f."InstitutionCode" AS code,
                     {JapanDaySql.Postgres($"MIN(f.\"UpdatedAt\") FILTER (WHERE f.\"Type\" = {ServiceApplication})")} AS applied,
                     (ARRAY_AGG(f."EffectiveOn" ORDER BY f."UpdatedAt" DESC, f."Id" DESC) FILTER (WHERE f."Type" = {OperationStart} AND f."EffectiveOn" IS NOT NULL))[1] AS started
              FROM "Filing" AS f
              WHERE f."Type" IN ({ServiceApplication}, {OperationStart}) AND f."State" = {Accepted}
              GROUP BY f."InstitutionCode") AS m
        WHERE i."Code" = m.code
        """;

    public static async Task RecomputeAsync(PortalDbContext db, IReadOnlyCollection<string> codes, CancellationToken cancellationToken)
    {
        var accepted = await db.Set<Filing>().AsNoTracking()
            .Where(f => codes.Contains(f.InstitutionCode) && f.State == FilingState.Accepted
                && (f.Type == FilingType.ServiceApplication || (f.Type == FilingType.OperationStart && f.EffectiveOn != null)))
            .Select(f => new { f.InstitutionCode, f.Type, f.Id, f.UpdatedAt, f.EffectiveOn })
            .ToListAsync(cancellationToken);
        foreach (var code in codes.Distinct())
        {
            var mine = accepted.Where(f => f.InstitutionCode == code).ToList();

            // The day of the first 受理 (a 利用申請 has no step after it, so its last change is its 受理).
            var firstApplied = mine.Where(f => f.Type == FilingType.ServiceApplication).OrderBy(f => f.UpdatedAt).FirstOrDefault();
            DateOnly? applied = firstApplied is null ? null : JapanTime.DayOf(firstApplied.UpdatedAt);

            // The latest accepted registration's date: a later one corrects the date (OperationStart).
            var started = mine.Where(f => f.Type == FilingType.OperationStart)
                .OrderByDescending(f => f.UpdatedAt).ThenByDescending(f => f.Id).Select(f => f.EffectiveOn).FirstOrDefault();
            await db.Institutions.Where(i => i.Code == code)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.ServiceAppliedOn, applied).SetProperty(i => i.OperationStartedOn, started), cancellationToken);
        }
    }
}
