using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Dashboard;

/// <summary>
/// The institution's own steps on its master row (<see cref="Institution.DashboardSteps"/>): the letters' steps are
/// kept by <see cref="LetterProgress"/>; this keeps <see cref="Institution.AccountCreatedOn"/>, the day of its
/// account of record. The flows that give a code its account of record or move it (activation, self-registration, a 管理者 taking
/// over a removed one's account, a succession) set it in their transaction, and an import that adds a code someone
/// registered before the master had it sets it for that code. The registration rate and its series are then
/// counts of the master's own indexes (docs/benchmarks.md), with no join of 250,000 accounts to 250,000 institutions.
/// </summary>
internal static class InstitutionSteps
{
    /// <summary>The account of record of <paramref name="code"/> was made at <paramref name="accountCreatedAt"/> (null: it has none now).</summary>
    public static Task AccountOfRecordAsync(PortalDbContext db, string code, DateTimeOffset? accountCreatedAt, CancellationToken cancellationToken)
    {
        DateOnly? day = accountCreatedAt is { } at ? JapanTime.DayOf(at) : null;
        return db.Institutions.Where(i => i.Code == code).ExecuteUpdateAsync(s => s.SetProperty(i => i.AccountCreatedOn, day), cancellationToken);
    }

    /// <summary>
    /// 仮ID発行 for a batch the caller wrote itself (a campaign's issue, one statement for its thousand letters, in
    /// the batch's transaction): the institutions among <paramref name="codes"/> that had no credential before.
    /// </summary>
    public static Task CredentialsIssuedAsync(PortalDbContext db, List<string> codes, DateTimeOffset at, CancellationToken cancellationToken) =>
        db.Institutions.Where(i => codes.Contains(i.Code) && i.FirstCredentialIssuedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.FirstCredentialIssuedAt, at), cancellationToken);

    /// <summary>
    /// The institutions import run <paramref name="importRunId"/> added that already had an account: only
    /// self-registration makes an account for a code the master lacks. (No other step can precede the master row:
    /// a temporary credential, and so its login and activation, is issued only to an institution of the master.)
    /// </summary>
    public static Task AddedByImportAsync(PortalDbContext db, long importRunId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(db.Database.IsSqlite() ? AddedSqlite : AddedPostgres, [importRunId], cancellationToken);

    private static readonly string DaySqlite = JapanDaySql.Sqlite("u.\"CreatedAt\"");

    private static readonly string DayPostgres = JapanDaySql.Postgres("u.\"CreatedAt\"");

    private const string Added = """
         WHERE "CreatedByImportRunId" = {0} AND "Code" IN (SELECT "AccountOf" FROM "AspNetUsers" WHERE "AccountOf" IS NOT NULL)
        """;

    private static readonly string AddedSqlite = AccountSql(DaySqlite) + Added;

    private static readonly string AddedPostgres = AccountSql(DayPostgres) + Added;

    /// <summary>
    /// Every institution's steps from the records, for rows written without the flows: the migration that added the
    /// columns and bulk loads (bench/, the tests' hand-made scenarios). The same rules as the flows': the day of the
    /// account of record, and each step's first instant in the credentials, the audit trail and the activation requests.
    /// </summary>
    public static readonly string BackfillSqlite = StepsSql(DaySqlite);

    /// <summary>As <see cref="BackfillSqlite"/>, on PostgreSQL's timestamptz.</summary>
    public static readonly string BackfillPostgres = StepsSql(DayPostgres);

    private static string AccountSql(string day) => $"""
        UPDATE "Institutions" SET "AccountCreatedOn" = (SELECT {day} FROM "AspNetUsers" AS u WHERE u."AccountOf" = "Institutions"."Code")
        """;

    /// <summary>
    /// One UPDATE from each record's aggregate joined to the master (hash joins on PostgreSQL: a subquery per
    /// institution took minutes there on 250,000), every row set, to null where the records show nothing.
    /// </summary>
    private static string StepsSql(string day) => $"""
        UPDATE "Institutions" SET "AccountCreatedOn" = m.account, "FirstCredentialIssuedAt" = m.issued, "FirstTemporaryLoginAt" = m.login,
            "ActivationRequestedAt" = m.requested, "ActivatedAt" = m.activated
        FROM (SELECT i."Code" AS code, a.day AS account, c.issued AS issued, l.at AS login, r.at AS requested, c.at AS activated
              FROM "Institutions" AS i
              LEFT JOIN (SELECT u."AccountOf" AS code, {day} AS day FROM "AspNetUsers" AS u WHERE u."AccountOf" IS NOT NULL) AS a ON a.code = i."Code"
              LEFT JOIN (SELECT "InstitutionCode" AS code, MIN("At") AS at FROM "AuditEntries"
                         WHERE "Action" = '{LetterProgress.TemporaryLoginAction}' AND "InstitutionCode" IS NOT NULL GROUP BY "InstitutionCode") AS l ON l.code = i."Code"
              LEFT JOIN (SELECT "InstitutionCode" AS code, MIN("CreatedAt") AS at FROM "ActivationRequests" GROUP BY "InstitutionCode") AS r ON r.code = i."Code"
              LEFT JOIN (SELECT "InstitutionCode" AS code, MIN("IssuedAt") AS issued, MIN("UsedAt") AS at FROM "TemporaryCredentials" GROUP BY "InstitutionCode") AS c ON c.code = i."Code") AS m
        WHERE "Institutions"."Code" = m.code
        """;
}
