using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Dashboard;
using OnshiPortal.Features.Filings;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Bench;

/// <summary>
/// <c>road CONNECTION_STRING [sqlite|postgres] [COUNT]</c>: the dashboard's road to 運用開始 (issue 18: "on 250,000
/// institutions under 300 ms"). Fills an empty database as <c>dashboard</c> does, then, set-based, the filings of
/// the road: by the code's digits, 60% of institutions with an accepted 利用申請 (accepted over a year), 45% with a
/// card reader order, 40% with an accepted 運用開始日 (over ten months), and 5% with an open 利用申請. Prints the
/// plans of the road's queries, then times the road alone and the whole dashboard (40 runs after 5).
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

                await db.Database.ExecuteSqlRawAsync(db.Database.IsSqlite() ? "ANALYZE" : "VACUUM ANALYZE");
                Console.WriteLine($"filings of the road inserted in {watch.Elapsed.TotalSeconds:F1} s");
            }

            Console.WriteLine($"institutions: {await db.Institutions.CountAsync():N0}; filings: " + string.Join(", ",
                (await db.Set<Filing>().GroupBy(f => f.Type).Select(g => new { g.Key, Count = g.Count() }).ToListAsync()).Select(g => $"{g.Key} {g.Count:N0}")));
            await ExplainAsync(db);
        }

        var road = new List<double>();
        var whole = new List<double>();
        RoadFigures? figures = null;
        for (var i = 0; i < 45; i++)
        {
            await using (var db = newContext())
            {
                var watch = Stopwatch.StartNew();
                await using (var transaction = await db.Database.BeginTransactionAsync())
                {
                    await DashboardBench.PlanAsTheDashboardAsync(db);
                    var cells = await RoadFunnels.CellsAsync(db, CancellationToken.None);
                    var months = await RoadFunnels.MonthlyAsync(db, JapanTime.DayOf(DateTimeOffset.UtcNow), db.Database.IsSqlite(), CancellationToken.None);
                    await transaction.CommitAsync();
                    if (i >= 5)
                    {
                        road.Add(watch.Elapsed.TotalMilliseconds);
                    }

                    _ = (cells, months);
                }
            }

            await using (var db = newContext())
            {
                var watch = Stopwatch.StartNew();
                figures = (await new RegistrationDashboard(db, TimeProvider.System).LoadAsync()).Road;
                if (i >= 5)
                {
                    whole.Add(watch.Elapsed.TotalMilliseconds);
                }
            }
        }

        road.Sort();
        whole.Sort();
        Console.WriteLine($"road: {string.Join(" → ", figures!.Overall.ToFunnel("全国").Stages.Select(s => s.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))}; {figures.Monthly.Count} months");
        Console.WriteLine($"road alone (40 runs, first 5 dropped): p50 {DashboardBench.Percentile(road, 0.50):F1} ms, p95 {DashboardBench.Percentile(road, 0.95):F1} ms, max {road[^1]:F1} ms");
        Console.WriteLine($"whole dashboard with the road: p50 {DashboardBench.Percentile(whole, 0.50):F1} ms, p95 {DashboardBench.Percentile(whole, 0.95):F1} ms, max {whole[^1]:F1} ms");
        return 0;
    }

    private static async Task ExplainAsync(PortalDbContext db)
    {
        var sqlite = db.Database.IsSqlite();
        await DashboardBench.PlanAsTheDashboardAsync(db);
        var cells = db.Set<Filing>().Where(f => f.Type == FilingType.ServiceApplication && f.State == FilingState.Accepted)
            .Where(f => db.Institutions.Any(i => i.Code == f.InstitutionCode && i.Status == Features.Institutions.InstitutionStatus.Active))
            .GroupBy(f => new { f.Prefecture, f.Kind })
            .Select(g => new { g.Key.Prefecture, g.Key.Kind, Count = g.Select(f => f.InstitutionCode).Distinct().LongCount() })
            .ToQueryString();
        await db.Database.OpenConnectionAsync(); // open already on PostgreSQL, for the planner's settings
        var connection = db.Database.GetDbConnection();
        foreach (var (name, sql) in new[] { ("利用申請 受理 by prefecture and kind", cells), ("利用申請 受理 by day", sqlite ? RoadSql.AppliedByDaySqlite : RoadSql.AppliedByDayPostgres) })
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

    /// <summary>0 to 99 from the code's digits: the share of institutions a step takes, as the dashboard bench does.</summary>
    /// <summary>The institution's account (every institution has one in this data set): a filing names who filed it.</summary>
    private const string Filer = "(SELECT u.\"Id\" FROM \"AspNetUsers\" AS u WHERE u.\"AccountOf\" = \"Institutions\".\"Code\" LIMIT 1)";

    private const string ShareSqlite = "CAST(substr(\"Code\", 6, 4) AS INTEGER) % 100";

    private const string SharePostgres = "CAST(substr(\"Code\", 6, 4) AS integer) % 100";

    private static readonly string[] SeedSqlite =
    [
        $"""
        INSERT INTO "Filing" ("Type", "ReceiptNumber", "State", "InstitutionCode", "Prefecture", "Kind", "InstitutionName", "FiledByUserId", "SubmittedAt", "UpdatedAt", "Entries", "Fields", "Quantity", "EffectiveOn")
        SELECT 3, 'A-' || "Code", CASE WHEN {ShareSqlite} < 60 THEN 1 ELSE 0 END, "Code", "Prefecture", "Kind", "Name", {Filer},
               639000000000000000 + (CAST(substr("Code", 6, 4) AS INTEGER) % 365) * 864000000000,
               639000000000000000 + (CAST(substr("Code", 6, 4) AS INTEGER) % 365 + 3) * 864000000000, {EmptyObject}, '[]', 2, NULL
        FROM "Institutions" WHERE {ShareSqlite} < 65
        """,
        $"""
        INSERT INTO "Filing" ("Type", "ReceiptNumber", "State", "InstitutionCode", "Prefecture", "Kind", "InstitutionName", "FiledByUserId", "SubmittedAt", "UpdatedAt", "Entries", "Fields", "Quantity", "EffectiveOn")
        SELECT 4, 'R-' || "Code", 4, "Code", "Prefecture", "Kind", "Name", {Filer}, 639100000000000000, 639110000000000000, {EmptyObject}, '[]', 1, NULL
        FROM "Institutions" WHERE {ShareSqlite} < 45
        """,
        $"""
        INSERT INTO "Filing" ("Type", "ReceiptNumber", "State", "InstitutionCode", "Prefecture", "Kind", "InstitutionName", "FiledByUserId", "SubmittedAt", "UpdatedAt", "Entries", "Fields", "Quantity", "EffectiveOn")
        SELECT 6, 'O-' || "Code", 1, "Code", "Prefecture", "Kind", "Name", {Filer}, 639200000000000000, 639210000000000000, {EmptyObject}, '[]', NULL,
               date('2026-01-01', '+' || (CAST(substr("Code", 6, 4) AS INTEGER) % 300) || ' days')
        FROM "Institutions" WHERE {ShareSqlite} < 40
        """,
    ];

    private static readonly string[] SeedPostgres =
    [
        $"""
        INSERT INTO "Filing" ("Type", "ReceiptNumber", "State", "InstitutionCode", "Prefecture", "Kind", "InstitutionName", "FiledByUserId", "SubmittedAt", "UpdatedAt", "Entries", "Fields", "Quantity", "EffectiveOn")
        SELECT 3, 'A-' || "Code", CASE WHEN {SharePostgres} < 60 THEN 1 ELSE 0 END, "Code", "Prefecture", "Kind", "Name", {Filer},
               TIMESTAMPTZ '2025-10-01Z' + (CAST(substr("Code", 6, 4) AS integer) % 365) * INTERVAL '1 day',
               TIMESTAMPTZ '2025-10-04Z' + (CAST(substr("Code", 6, 4) AS integer) % 365) * INTERVAL '1 day', {EmptyObject}, '[]', 2, NULL
        FROM "Institutions" WHERE {SharePostgres} < 65
        """,
        $"""
        INSERT INTO "Filing" ("Type", "ReceiptNumber", "State", "InstitutionCode", "Prefecture", "Kind", "InstitutionName", "FiledByUserId", "SubmittedAt", "UpdatedAt", "Entries", "Fields", "Quantity", "EffectiveOn")
        SELECT 4, 'R-' || "Code", 4, "Code", "Prefecture", "Kind", "Name", {Filer}, TIMESTAMPTZ '2026-01-05Z', TIMESTAMPTZ '2026-01-15Z', {EmptyObject}, '[]', 1, NULL
        FROM "Institutions" WHERE {SharePostgres} < 45
        """,
        $"""
        INSERT INTO "Filing" ("Type", "ReceiptNumber", "State", "InstitutionCode", "Prefecture", "Kind", "InstitutionName", "FiledByUserId", "SubmittedAt", "UpdatedAt", "Entries", "Fields", "Quantity", "EffectiveOn")
        SELECT 6, 'O-' || "Code", 1, "Code", "Prefecture", "Kind", "Name", {Filer}, TIMESTAMPTZ '2026-02-01Z', TIMESTAMPTZ '2026-02-10Z', {EmptyObject}, '[]', NULL,
               DATE '2026-01-01' + CAST(substr("Code", 6, 4) AS integer) % 300
        FROM "Institutions" WHERE {SharePostgres} < 40
        """,
    ];
}
