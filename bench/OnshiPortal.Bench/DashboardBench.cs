using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Dashboard;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.Institutions.Import;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Bench;

/// <summary>
/// <c>dashboard CONNECTION_STRING [sqlite|postgres] [COUNT]</c>: fills an empty database with COUNT institutions
/// (the generated master, imported as the operator does) and as many institution accounts (bulk insert, not
/// Identity one by one), letters' credentials and their funnel, then times the registration dashboard's figures.
/// </summary>
internal static class DashboardBench
{
    private static readonly DateTimeOffset FirstAccount = new(2025, 10, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(Func<PortalDbContext> newContext, int count)
    {
        await using (var db = newContext())
        {
            var migrating = Stopwatch.StartNew();
            await db.MigrateAsync(); // on a database made by an earlier build: its new migrations, backfills included
            Console.WriteLine($"migrated in {migrating.Elapsed.TotalSeconds:F1} s");
            if (!await db.Institutions.AnyAsync())
            {
                await SeedAsync(db, count);
            }
            else
            {
                // What autovacuum does after a migration rewrote rows (a backfill): statistics and visibility, so that
                // index-only scans stay index-only. Timed, as an operator would want to know.
                var vacuum = Stopwatch.StartNew();
                await db.Database.ExecuteSqlRawAsync(db.Database.IsSqlite() ? "ANALYZE" : "VACUUM ANALYZE");
                Console.WriteLine($"vacuumed and analysed in {vacuum.Elapsed.TotalSeconds:F1} s");
            }

            Console.WriteLine($"institutions: {await db.Institutions.CountAsync():N0} ({await db.Institutions.CountAsync(i => i.Status == InstitutionStatus.Active):N0} active); " +
                $"accounts: {await db.Users.CountAsync(u => u.AccountOf != null):N0}; credentials: {await db.Set<Features.Activation.TemporaryCredential>().CountAsync():N0}; " +
                $"audit entries: {await db.Set<Infrastructure.Audit.AuditEntry>().CountAsync():N0}");
            await ExplainAsync(db);
        }

        var times = new List<double>();
        DashboardFigures? figures = null;
        for (var i = 0; i < 45; i++)
        {
            await using var db = newContext(); // a fresh context per run, as a request has
            var watch = Stopwatch.StartNew();
            figures = await new RegistrationDashboard(db, TimeProvider.System).LoadAsync();
            watch.Stop();
            if (i >= 5)
            {
                times.Add(watch.Elapsed.TotalMilliseconds); // the first runs warm up the JIT and the page cache
            }
        }

        times.Sort();
        Console.WriteLine($"overall: {figures!.Overall.Accounts:N0} / {figures.Overall.Institutions:N0} = {RateFormat.Percent(figures.Overall.Rate)}; " +
            $"{figures.Daily.Count} days; funnel {string.Join(" → ", figures.LetterFunnel.Stages.Select(s => s.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))}");
        await using (var db = newContext())
        {
            await TimePartsAsync(db);
        }

        Console.WriteLine($"dashboard figures (40 runs, first 5 dropped): p50 {Percentile(times, 0.50):F1} ms, p95 {Percentile(times, 0.95):F1} ms, max {times[^1]:F1} ms");
        return 0;
    }

    internal static async Task SeedAsync(PortalDbContext db, int count)
    {
        var watch = Stopwatch.StartNew();
        var records = InstitutionGenerator.Generate(count, 1).ToList();
        await new InstitutionImporter(db, TimeProvider.System).ImportAsync(records, new ImportRequest("bench.csv", "UTF-8", Full: false, RunBy: "bench"));
        Console.WriteLine($"imported {records.Count:N0} institutions in {watch.Elapsed.TotalSeconds:F1} s");

        // One account per institution (closed ones too: their accounts must not count), created over 14 months.
        watch.Restart();
        var random = new Random(2);
        var span = (long)(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero) - FirstAccount).TotalSeconds;
        var accounts = records.Select(r =>
        {
            var email = r.Code.Value + "@bench.example";
            return new PortalUser
            {
                UserName = email,
                NormalizedUserName = email.ToUpperInvariant(),
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true,
                SecurityStamp = Guid.NewGuid().ToString("N"),
                LockoutEnabled = true,
                DisplayName = r.Name,
                InstitutionCode = r.Code.Value,
                InstitutionRole = OnshiPortal.Features.People.InstitutionRole.Administrator,
                AccountOf = r.Code.Value,
                CreatedAt = FirstAccount.AddSeconds(random.NextInt64(span)),
            };
        });
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await new BulkWriter<PortalUser>(db).InsertAsync(accounts, null, CancellationToken.None);
            await transaction.CommitAsync();
        }

        Console.WriteLine($"inserted {records.Count:N0} accounts in {watch.Elapsed.TotalSeconds:F1} s");

        // The letters' funnel, set-based: every institution got a credential; by the code's digits, 70% logged in
        // with it, 60% asked for activation and 55% completed it. Plus audit entries of other actions around them,
        // and one campaign whose letters went to every active institution.
        watch.Restart();
        foreach (var statement in db.Database.IsSqlite() ? FunnelSqlite : FunnelPostgres)
        {
            await db.Database.ExecuteSqlRawAsync(statement);
        }

        // As creating a campaign does: its letters start from the steps the records show; and the master rows' own
        // steps as the migration that added them filled them in.
        await LetterProgress.FromRecordsAsync(db, 1);
        await db.Database.ExecuteSqlRawAsync(db.Database.IsSqlite() ? InstitutionSteps.BackfillSqlite : InstitutionSteps.BackfillPostgres);
        await db.Database.ExecuteSqlRawAsync(db.Database.IsSqlite() ? "ANALYZE" : "VACUUM ANALYZE");
        Console.WriteLine($"funnel rows and statistics in {watch.Elapsed.TotalSeconds:F1} s");
    }

    private static readonly string[] FunnelSqlite =
    [
        """
        INSERT INTO "TemporaryCredentials" ("InstitutionCode", "Sequence", "LoginId", "Salt", "Hash", "KeyId", "IssuedAt", "ExpiresAt", "IssuedBy", "UsedAt")
        SELECT "Code", 1, "Code" || '@01', zeroblob(16), zeroblob(32), 'bench', 638950000000000000, 639950000000000000, 'bench',
               CASE WHEN CAST(substr("Code", 6, 4) AS INTEGER) % 100 < 55 THEN 639000000000000000 END
        FROM "Institutions"
        """,
        """
        INSERT INTO "AuditEntries" ("At", "Actor", "ClientAddress", "Action", "InstitutionCode", "Details")
        SELECT 638960000000000000, "Code" || '@01', '192.0.2.1', a.action, "Code", ''
        FROM "Institutions", (SELECT 'temporary-login' AS action, 70 AS share UNION ALL SELECT 'activation.requested', 60 UNION ALL SELECT 'activation.completed', 55) AS a
        WHERE CAST(substr("Code", 6, 4) AS INTEGER) % 100 < a.share
        """,
        """
        INSERT INTO "ActivationRequests" ("InstitutionCode", "CredentialId", "Email", "PasswordHash", "Phone", "ContactPerson", "TokenHash", "CreatedAt", "ExpiresAt", "LastSentAt", "SendCount", "CompletedAt")
        SELECT c."InstitutionCode", c."Id", c."InstitutionCode" || '@bench.example', 'x', '', '', lower(hex(randomblob(32))), 638970000000000000, 638980000000000000, 638970000000000000, 1, c."UsedAt"
        FROM "TemporaryCredentials" AS c
        WHERE CAST(substr(c."InstitutionCode", 6, 4) AS INTEGER) % 100 < 60
        """,
        """
        INSERT INTO "Campaigns" ("Id", "Kind", "Name", "CutoffDate", "LetterDate", "Deadline", "State", "TargetCount", "CreatedAt", "CreatedBy", "IssuedAt")
        VALUES (1, 1, 'bench', '2025-08-31', '2025-09-01', '2025-12-31', 1, 0, 638950000000000000, 'bench', 638950000000000000)
        """,
        """
        INSERT INTO "CampaignLetters" ("CampaignId", "InstitutionCode", "Reason", "State", "Prefecture", "Kind", "PostalCode", "LoginId", "IssuedAt", "Version")
        SELECT 1, "Code", 1, 1, "Prefecture", "Kind", '1000001', "Code" || '@01', 638950000000000000, 0 FROM "Institutions" WHERE "Status" = 0
        """,
    ];

    private static readonly string[] FunnelPostgres =
    [
        """
        INSERT INTO "TemporaryCredentials" ("InstitutionCode", "Sequence", "LoginId", "Salt", "Hash", "KeyId", "IssuedAt", "ExpiresAt", "IssuedBy", "UsedAt")
        SELECT "Code", 1, "Code" || '@01', '\x00'::bytea, '\x00'::bytea, 'bench', TIMESTAMPTZ '2025-09-01Z', TIMESTAMPTZ '2028-09-01Z', 'bench',
               CASE WHEN CAST(substr("Code", 6, 4) AS integer) % 100 < 55 THEN TIMESTAMPTZ '2026-01-01Z' END
        FROM "Institutions"
        """,
        """
        INSERT INTO "AuditEntries" ("At", "Actor", "ClientAddress", "Action", "InstitutionCode", "Details")
        SELECT TIMESTAMPTZ '2025-10-01Z', "Code" || '@01', '192.0.2.1', a.action, "Code", ''
        FROM "Institutions", (VALUES ('temporary-login', 70), ('activation.requested', 60), ('activation.completed', 55)) AS a(action, share)
        WHERE CAST(substr("Code", 6, 4) AS integer) % 100 < a.share
        """,
        """
        INSERT INTO "ActivationRequests" ("InstitutionCode", "CredentialId", "Email", "PasswordHash", "Phone", "ContactPerson", "TokenHash", "CreatedAt", "ExpiresAt", "LastSentAt", "SendCount", "CompletedAt")
        SELECT c."InstitutionCode", c."Id", c."InstitutionCode" || '@bench.example', 'x', '', '', md5(random()::text) || md5(random()::text), TIMESTAMPTZ '2025-10-02Z', TIMESTAMPTZ '2025-10-03Z', TIMESTAMPTZ '2025-10-02Z', 1, c."UsedAt"
        FROM "TemporaryCredentials" AS c
        WHERE CAST(substr(c."InstitutionCode", 6, 4) AS integer) % 100 < 60
        """,
        """
        INSERT INTO "Campaigns" ("Id", "Kind", "Name", "CutoffDate", "LetterDate", "Deadline", "State", "TargetCount", "CreatedAt", "CreatedBy", "IssuedAt")
        VALUES (1, 1, 'bench', DATE '2025-08-31', DATE '2025-09-01', DATE '2025-12-31', 1, 0, TIMESTAMPTZ '2025-09-01Z', 'bench', TIMESTAMPTZ '2025-09-01Z')
        """,
        """
        INSERT INTO "CampaignLetters" ("CampaignId", "InstitutionCode", "Reason", "State", "Prefecture", "Kind", "PostalCode", "LoginId", "IssuedAt", "Version")
        SELECT 1, "Code", 1, 1, "Prefecture", "Kind", '1000001', "Code" || '@01', TIMESTAMPTZ '2025-09-01Z', 0 FROM "Institutions" WHERE "Status" = 0
        """,
    ];

    /// <summary>The plans of the dashboard's aggregates (docs/benchmarks.md quotes them).</summary>
    private static async Task ExplainAsync(PortalDbContext db)
    {
        var sqlite = db.Database.IsSqlite();
        var queries = new[]
        {
            ("institutions by status, prefecture, kind and steps", RegistrationDashboard.StepCounts(db).ToQueryString()),
            ("accounts of record by day", RegistrationDashboard.AccountDays(db).ToQueryString()),
            ("funnel and response days of each campaign", CampaignFunnels.StepsByDay(db).ToQueryString()),
        };
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await PlanAsTheDashboardAsync(db);
        foreach (var (name, sql) in queries)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = (sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN (ANALYZE, COSTS OFF) ") + sql;
            await using var reader = await command.ExecuteReaderAsync();
            Console.WriteLine($"plan of {name}:");
            while (await reader.ReadAsync())
            {
                // SQLite: id, parent, notused, detail; PostgreSQL: one line of text.
                Console.WriteLine("  " + reader.GetString(reader.FieldCount - 1));
            }
        }
    }

    /// <summary>
    /// As <see cref="RegistrationDashboard.LoadAsync"/> plans (<see cref="DashboardSql.PostgresSettings"/> in its
    /// snapshot), for the plans and the parts timed alone: for the session of the benchmark's own connection.
    /// </summary>
    internal static async Task PlanAsTheDashboardAsync(PortalDbContext db)
    {
        if (!db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync(DashboardSql.PostgresSettings.Replace("SET LOCAL", "SET", StringComparison.Ordinal));
        }
    }

    /// <summary>Where the time goes: each query of the dashboard alone, median of 20 runs.</summary>
    private static async Task TimePartsAsync(PortalDbContext db)
    {
        await PlanAsTheDashboardAsync(db);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var parts = new (string Name, Func<Task> Run)[]
        {
            ("institutions by status, prefecture, kind and steps", () => RegistrationDashboard.StepCounts(db).ToListAsync()),
            ("accounts of record by day", () => RegistrationDashboard.AccountDays(db).ToListAsync()),
            ("funnel and response days of each campaign", () => CampaignFunnels.StepsByDay(db).ToListAsync()),
            ("filings by type and state", () => FilingCounts.LoadAsync(db, CancellationToken.None)),
            ("the road's months", () => RoadFunnels.MonthlyAsync(db, today, CancellationToken.None)),
        };
        foreach (var (name, run) in parts)
        {
            var times = new List<double>();
            for (var i = 0; i < 20; i++)
            {
                var watch = Stopwatch.StartNew();
                await run();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            Console.WriteLine($"  {name,-52} p50 {Percentile(times, 0.5),7:F1} ms");
        }
    }

    internal static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
}
