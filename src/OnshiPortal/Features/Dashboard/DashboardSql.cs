using System.Globalization;
using System.Text;

namespace OnshiPortal.Features.Dashboard;

/// <summary>
/// The dashboard's aggregates over the accounts, as SQL: a Japanese calendar day of a stored instant is provider
/// arithmetic (UTC ticks on SQLite, timestamptz on PostgreSQL) that LINQ does not express, and the shape of each
/// query is chosen for its plan (docs/benchmarks.md has the EXPLAIN output).
/// </summary>
/// <remarks>
/// Joining 250,000 accounts to their institutions and grouping the result by day cost 240 ms of CPU on SQLite
/// (a probe per account, then a sort of every row for the GROUP BY). Instead every account with an institution
/// code is counted without a join, by ranges of one index, and those that must not count are taken off: the
/// accounts of institutions that are no longer active (found from the few closed and succeeded institutions) and
/// accounts whose code the master lacks. Counting by ranges of an index needs no sort: by the code's first three
/// digits (都道府県番号 and 点数表番号) for the rates, by each day's span of creation times for the series.
/// </remarks>
internal static class DashboardSql
{
    /// <summary>The 141 prefixes of a 医療機関等コード (47 prefectures × 医科, 歯科, 調剤) as a VALUES list.</summary>
    private static readonly string PrefixValues = new StringBuilder()
        .AppendJoin(", ", Institutions.Prefectures.All
            .SelectMany(p => Enum.GetValues<Institutions.InstitutionKind>().Select(k => $"('{p.Code:00}{(int)k}')")))
        .ToString();

    /// <summary>Accounts by the first three digits of their institution code: one index range each.</summary>
    public static readonly string AccountsByPrefix = $"""
        SELECT x.prefix AS "Prefix",
               (SELECT COUNT(*) FROM "AspNetUsers" AS u
                WHERE u."AccountOf" >= x.prefix || '0000000' AND u."AccountOf" <= x.prefix || '9999999') AS "Accounts"
        FROM (VALUES {PrefixValues}) AS x(prefix)
        """;

    /// <summary>SQLite names the VALUES column column1.</summary>
    public static readonly string AccountsByPrefixSqlite = $"""
        SELECT x.column1 AS "Prefix",
               (SELECT COUNT(*) FROM "AspNetUsers" AS u
                WHERE u."AccountOf" >= x.column1 || '0000000' AND u."AccountOf" <= x.column1 || '9999999') AS "Accounts"
        FROM (VALUES {PrefixValues}) AS x
        """;

    /// <summary>
    /// Accounts created on each Japanese day from {0} to {1} (day numbers): ticks are 100 ns since 0001-01-01 UTC,
    /// so a day number times a day's ticks, less nine hours, is that day's midnight in Japan.
    /// </summary>
    public const string AccountsByDaySqlite = """
        WITH RECURSIVE days(d) AS (SELECT {0} UNION ALL SELECT d + 1 FROM days WHERE d < {1})
        SELECT d AS "Day",
               (SELECT COUNT(*) FROM "AspNetUsers" AS u
                WHERE u."CreatedAt" >= d * 864000000000 - 324000000000 AND u."CreatedAt" < (d + 1) * 864000000000 - 324000000000
                  AND u."AccountOf" IS NOT NULL) AS "Accounts"
        FROM days
        """;

    /// <summary>
    /// The same on PostgreSQL: day numbers {0} to {1}, the first of which begins at the instant {2}; one range of the
    /// (CreatedAt, AccountOf) index per day (a Japanese day is 24 hours: Japan keeps no summer time). Grouping
    /// every account by its computed day instead took 50 to 70 ms, most of it the time-zone arithmetic per row.
    /// </summary>
    public const string AccountsByDayPostgres = """
        SELECT d AS "Day",
               (SELECT COUNT(*) FROM "AspNetUsers" AS u
                WHERE u."CreatedAt" >= {2} + (d - {0}) * INTERVAL '24 hours' AND u."CreatedAt" < {2} + (d - {0} + 1) * INTERVAL '24 hours'
                  AND u."AccountOf" IS NOT NULL) AS "Accounts"
        FROM generate_series(CAST({0} AS bigint), CAST({1} AS bigint)) AS d
        """;

    /// <summary>
    /// The accounts that do not count, by code prefix and day: those of institutions closed or succeeded (status
    /// above 0, Active: a range of the dashboard index, a few thousand rows), and those whose code the master
    /// lacks. Only self-registration makes an account for a code outside the master (activation needs the master's
    /// institution, and a succession adds the successor to it), and it records that it did (InMaster false): so the
    /// second part reads those few registrations and checks each against the master, rather than anti-joining
    /// every account to every institution (0.5 s on PostgreSQL, however few such accounts there are).
    /// </summary>
    public const string NotCountingSqlite = """
        SELECT substr(u."AccountOf", 1, 3) AS "Prefix", (u."CreatedAt" + 324000000000) / 864000000000 AS "Day", COUNT(*) AS "Accounts"
        FROM "Institutions" AS i
        JOIN "AspNetUsers" AS u ON u."AccountOf" = i."Code"
        WHERE i."Status" > 0
        GROUP BY 1, 2
        UNION ALL
        SELECT substr(u."AccountOf", 1, 3), (u."CreatedAt" + 324000000000) / 864000000000, COUNT(*)
        FROM "SelfRegistrations" AS s
        JOIN "AspNetUsers" AS u ON u."Id" = s."UserId" AND u."AccountOf" = s."InstitutionCode"
        WHERE s."InMaster" = 0 AND NOT EXISTS (SELECT 1 FROM "Institutions" AS i WHERE i."Code" = u."AccountOf")
        GROUP BY 1, 2
        """;

    /// <summary>The same on PostgreSQL, where every institution code column is collated "C" (byte order) like the master's.</summary>
    public const string NotCountingPostgres = """
        SELECT substr(u."AccountOf", 1, 3) AS "Prefix", CAST(((u."CreatedAt" AT TIME ZONE 'UTC') + INTERVAL '9 hours')::date - DATE '0001-01-01' AS bigint) AS "Day", COUNT(*) AS "Accounts"
        FROM "Institutions" AS i
        JOIN "AspNetUsers" AS u ON u."AccountOf" = i."Code"
        WHERE i."Status" > 0
        GROUP BY 1, 2
        UNION ALL
        SELECT substr(u."AccountOf", 1, 3), CAST(((u."CreatedAt" AT TIME ZONE 'UTC') + INTERVAL '9 hours')::date - DATE '0001-01-01' AS bigint), COUNT(*)
        FROM "SelfRegistrations" AS s
        JOIN "AspNetUsers" AS u ON u."Id" = s."UserId" AND u."AccountOf" = s."InstitutionCode"
        WHERE NOT s."InMaster" AND NOT EXISTS (SELECT 1 FROM "Institutions" AS i WHERE i."Code" = u."AccountOf")
        GROUP BY 1, 2
        """;

    /// <summary>
    /// How PostgreSQL plans the dashboard's snapshot (SET LOCAL: this transaction only). No parallel workers: each
    /// aggregate reads an index of a few hundred thousand entries, which starting workers made slower, not faster
    /// (docs/benchmarks.md), and a refresh in the background should not take cores from the logins on a deadline
    /// day. Random reads priced as on SSD (1.1, the usual setting there, instead of 4 for spinning disks): the
    /// campaign funnel then reads its 20 MB index rather than the letters' 69 MB table, 25 ms instead of 60.
    /// </summary>
    public const string PostgresSettings = "SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL random_page_cost = 1.1";

    /// <summary>A day number as SQL text, for EXPLAIN in the benchmark.</summary>
    public static string Day(long dayNumber) => dayNumber.ToString(CultureInfo.InvariantCulture);
}
