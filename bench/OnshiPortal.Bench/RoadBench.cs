using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Dashboard;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Procedures.Road;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Bench;

/// <summary>
/// <c>road CONNECTION_STRING [sqlite|postgres] [COUNT]</c>: the dashboard's road to 運用開始 (issue 18: "on 250,000
/// institutions under 300 ms"). Fills an empty database as <c>dashboard</c> does, then, set-based, the filings of
/// the road: by the code's digits, 60% of institutions with an accepted 利用申請 (accepted over a year), 45% with a
/// card reader order, 40% with an accepted 運用開始日 (over ten months), and 5% with an open 利用申請, and the
/// master's milestones from them by the migration's rule (<see cref="RoadMilestones.BackfillSqlite"/>). Prints the
/// plans of the road's queries, then times, 40 runs after 5, the peer (the registration rate's GROUP BY without the
/// road), the road alone and the whole dashboard, and the ratio of the road to its peer.
/// </summary>
internal static class RoadBench
{
    public static async Task<int> RunAsync(Func<PortalDbContext> newContext, int count)
    {
        await using (var db = newContext())
        {
            await db.MigrateAsync();
            if (!await db.Institutions.AnyAsync())
            {
                await DashboardBench.SeedAsync(db, count);
            }

            if (!await db.Set<Filing>().AnyAsync())
            {
                // Filling 375,000 filings set-based takes longer than a page's 30-second command limit.
                db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
                var watch = Stopwatch.StartNew();
                foreach (var statement in db.Database.IsSqlite() ? SeedSqlite : SeedPostgres)
                {
                    await db.Database.ExecuteSqlRawAsync(statement);
                }


                // Rows written without the procedures' hooks: the milestones by the migration's rule.
                var backfill = Stopwatch.StartNew();
                await db.Database.ExecuteSqlRawAsync(db.Database.IsSqlite() ? RoadMilestones.BackfillSqlite : RoadMilestones.BackfillPostgres);
                Console.WriteLine($"milestones filled from the filings in {backfill.Elapsed.TotalSeconds:F1} s");
                await db.Database.ExecuteSqlRawAsync(db.Database.IsSqlite() ? "ANALYZE" : "VACUUM ANALYZE");
                Console.WriteLine($"filings of the road inserted in {watch.Elapsed.TotalSeconds:F1} s");
            }

            Console.WriteLine($"institutions: {await db.Institutions.CountAsync():N0}; filings: " + string.Join(", ",
                (await db.Set<Filing>().GroupBy(f => f.Type).Select(g => new { g.Key, Count = g.Count() }).ToListAsync()).Select(g => $"{g.Key} {g.Count:N0}")));
            await ExplainAsync(db);
        }

        // The peer, timed in the same runs: the registration rate's own GROUP BY of active institutions by prefecture
        // and kind, as it was before the road; the road is that GROUP BY with its two counts added, and the months.
        var peer = new List<double>();
        var road = new List<double>();
        var whole = new List<double>();
        RoadFigures? figures = null;
        for (var i = 0; i < 45; i++)
        {
            var keep = i >= 5;
            await TimeAsync(newContext, peer, keep, async db =>
                _ = await db.Institutions.AsNoTracking().Where(x => x.Status == Features.Institutions.InstitutionStatus.Active)
                    .GroupBy(x => new { x.Prefecture, x.Kind }).Select(g => new { g.Key.Prefecture, g.Key.Kind, Count = g.LongCount() }).ToListAsync());
            await TimeAsync(newContext, road, keep, async db =>
            {
                _ = RegistrationDashboard.Cells(await RegistrationDashboard.StepCounts(db).ToListAsync());
                _ = await RoadFunnels.MonthlyAsync(db, JapanTime.DayOf(DateTimeOffset.UtcNow), CancellationToken.None);
            });

            await using var context = newContext();
            var watch = Stopwatch.StartNew();
            figures = (await new RegistrationDashboard(context, TimeProvider.System).LoadAsync()).Road;
            if (keep)
            {
                whole.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        Console.WriteLine($"road: {string.Join(" → ", figures!.Overall.ToFunnel("全国").Stages.Select(s => s.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))}; {figures.Monthly.Count} months");
        Report("peer: active institutions by prefecture and kind, without the road", peer);
        Report("road alone: the same with the road's counts, and its months", road);
        Report("whole dashboard with the road", whole);
        Console.WriteLine($"road / peer (p50): {DashboardBench.Percentile(road, 0.50) / DashboardBench.Percentile(peer, 0.50):F2}");
        return 0;
    }

    /// <summary>One query set in its own snapshot, planned as the dashboard plans them.</summary>
    private static async Task TimeAsync(Func<PortalDbContext> newContext, List<double> times, bool keep, Func<PortalDbContext, Task> work)
    {
        await using var db = newContext();
        var watch = Stopwatch.StartNew();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await DashboardBench.PlanAsTheDashboardAsync(db);
        await work(db);
        await transaction.CommitAsync();
        if (keep)
        {
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
    }

    private static void Report(string what, List<double> times)
    {
        times.Sort();
        Console.WriteLine($"{what} (40 runs, first 5 dropped): p50 {DashboardBench.Percentile(times, 0.50):F1} ms, p95 {DashboardBench.Percentile(times, 0.95):F1} ms, max {times[^1]:F1} ms");
    }

    private static async Task ExplainAsync(PortalDbContext db)
    {
        var sqlite = db.Database.IsSqlite();
        await DashboardBench.PlanAsTheDashboardAsync(db);
        await db.Database.OpenConnectionAsync(); // open already on PostgreSQL, for the planner's settings
        var connection = db.Database.GetDbConnection();
        foreach (var (name, sql) in new[]
        {
            ("institutions by status, prefecture, kind and steps (利用申請 受理 and 運用開始 among them)", RegistrationDashboard.StepCounts(db).ToQueryString()),
            ("利用申請 受理 by day", RoadFunnels.AppliedByDay(db).ToQueryString()),
            ("運用開始 by day", RoadFunnels.StartedByDay(db).ToQueryString()),
        })
        {
            await using var command = connection.CreateCommand();
            // The parameters of the LINQ query are inlined by ToQueryString as declarations (PostgreSQL) or literals.
            command.CommandText = (sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN (ANALYZE, COSTS OFF) ") + string.Join('\n', sql.Split('\n').Where(l => !l.StartsWith("--", StringComparison.Ordinal) && !l.StartsWith(".param", StringComparison.Ordinal)));
            await using var reader = await command.ExecuteReaderAsync();
            Console.WriteLine($"plan of {name}:");
            while (await reader.ReadAsync())
            {
                Console.WriteLine("  " + reader.GetString(reader.FieldCount - 1));
            }
        }
    }

    /// <summary>An empty JSON object, its braces doubled for ExecuteSqlRaw's formatting.</summary>
    private const string EmptyObject = "'{{}}'";

    /// <summary>
    /// The institution's account (every institution has one in this data set): a filing names who filed it. A join,
    /// not a subquery per row, which PostgreSQL ran row by row for 375,000 filings.
    /// </summary>
    private const string Filer = "u.\"Id\"";

    private const string WithFiler = "FROM \"Institutions\" JOIN \"AspNetUsers\" AS u ON u.\"AccountOf\" = \"Institutions\".\"Code\"";

    /// <summary>0 to 99 from the code's digits: the share of institutions a step takes, as the dashboard bench does.</summary>
    private const string ShareSqlite = "CAST(substr(\"Institutions\".\"Code\", 6, 4) AS INTEGER) % 100";

    private const string SharePostgres = "CAST(substr(\"Institutions\".\"Code\", 6, 4) AS integer) % 100";

    private static readonly string[] SeedSqlite =
    [
        $"""
        INSERT INTO "Filing" ("Type", "ReceiptNumber", "State", "InstitutionCode", "Prefecture", "Kind", "InstitutionName", "FiledByUserId", "SubmittedAt", "UpdatedAt", "Entries", "Fields", "Quantity", "EffectiveOn")
        SELECT 3, 'A-' || "Institutions"."Code", CASE WHEN {ShareSqlite} < 60 THEN 1 ELSE 0 END, "Institutions"."Code", "Institutions"."Prefecture", "Institutions"."Kind", "Institutions"."Name", {Filer},
               639000000000000000 + (CAST(substr("Institutions"."Code", 6, 4) AS INTEGER) % 365) * 864000000000,
               639000000000000000 + (CAST(substr("Institutions"."Code", 6, 4) AS INTEGER) % 365 + 3) * 864000000000, {EmptyObject}, '[]', 2, NULL
        {WithFiler} WHERE {ShareSqlite} < 65
        """,
        $"""
        INSERT INTO "Filing" ("Type", "ReceiptNumber", "State", "InstitutionCode", "Prefecture", "Kind", "InstitutionName", "FiledByUserId", "SubmittedAt", "UpdatedAt", "Entries", "Fields", "Quantity", "EffectiveOn")
        SELECT 4, 'R-' || "Institutions"."Code", 4, "Institutions"."Code", "Institutions"."Prefecture", "Institutions"."Kind", "Institutions"."Name", {Filer}, 639100000000000000, 639110000000000000, {EmptyObject}, '[]', 1, NULL
        {WithFiler} WHERE {ShareSqlite} < 45
        """,
        $"""
        INSERT INTO "Filing" ("Type", "ReceiptNumber", "State", "InstitutionCode", "Prefecture", "Kind", "InstitutionName", "FiledByUserId", "SubmittedAt", "UpdatedAt", "Entries", "Fields", "Quantity", "EffectiveOn")
        SELECT 6, 'O-' || "Institutions"."Code", 1, "Institutions"."Code", "Institutions"."Prefecture", "Institutions"."Kind", "Institutions"."Name", {Filer}, 639200000000000000, 639210000000000000, {EmptyObject}, '[]', NULL,
               date('2026-01-01', '+' || (CAST(substr("Institutions"."Code", 6, 4) AS INTEGER) % 300) || ' days')
        {WithFiler} WHERE {ShareSqlite} < 40
        """,
    ];

    private static readonly string[] SeedPostgres =
    [
        $"""
        INSERT INTO "Filing" ("Type", "ReceiptNumber", "State", "InstitutionCode", "Prefecture", "Kind", "InstitutionName", "FiledByUserId", "SubmittedAt", "UpdatedAt", "Entries", "Fields", "Quantity", "EffectiveOn")
        SELECT 3, 'A-' || "Institutions"."Code", CASE WHEN {SharePostgres} < 60 THEN 1 ELSE 0 END, "Institutions"."Code", "Institutions"."Prefecture", "Institutions"."Kind", "Institutions"."Name", {Filer},
               TIMESTAMPTZ '2025-10-01Z' + (CAST(substr("Institutions"."Code", 6, 4) AS integer) % 365) * INTERVAL '1 day',
               TIMESTAMPTZ '2025-10-04Z' + (CAST(substr("Institutions"."Code", 6, 4) AS integer) % 365) * INTERVAL '1 day', {EmptyObject}, '[]', 2, NULL
        {WithFiler} WHERE {SharePostgres} < 65
        """,
        $"""
        INSERT INTO "Filing" ("Type", "ReceiptNumber", "State", "InstitutionCode", "Prefecture", "Kind", "InstitutionName", "FiledByUserId", "SubmittedAt", "UpdatedAt", "Entries", "Fields", "Quantity", "EffectiveOn")
        SELECT 4, 'R-' || "Institutions"."Code", 4, "Institutions"."Code", "Institutions"."Prefecture", "Institutions"."Kind", "Institutions"."Name", {Filer}, TIMESTAMPTZ '2026-01-05Z', TIMESTAMPTZ '2026-01-15Z', {EmptyObject}, '[]', 1, NULL
        {WithFiler} WHERE {SharePostgres} < 45
        """,
        $"""
        INSERT INTO "Filing" ("Type", "ReceiptNumber", "State", "InstitutionCode", "Prefecture", "Kind", "InstitutionName", "FiledByUserId", "SubmittedAt", "UpdatedAt", "Entries", "Fields", "Quantity", "EffectiveOn")
        SELECT 6, 'O-' || "Institutions"."Code", 1, "Institutions"."Code", "Institutions"."Prefecture", "Institutions"."Kind", "Institutions"."Name", {Filer}, TIMESTAMPTZ '2026-02-01Z', TIMESTAMPTZ '2026-02-10Z', {EmptyObject}, '[]', NULL,
               DATE '2026-01-01' + CAST(substr("Institutions"."Code", 6, 4) AS integer) % 300
        {WithFiler} WHERE {SharePostgres} < 40
        """,
    ];
}
