using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Campaigns;

/// <summary>
/// Keeps each letter's funnel steps (<see cref="CampaignLetter.FirstLoginAt"/> and the rest), and the institution's
/// own on its master row (<see cref="Institution.FirstTemporaryLoginAt"/> and the rest), up to date: the flows
/// that move an institution on call these in the transaction that moves it, and a new campaign's letters start
/// from what the records already say. A step holds the first time the institution reached it, whether before or
/// after the letter: for a resend, one that logged in earlier but never finished shows as logged in, which is
/// what the call centre wants to know of it.
/// </summary>
/// <remarks>
/// Counting the steps from the records each time (an EXISTS per letter into the audit trail, the activation
/// requests, the credentials and the accounts) took 0.4 s on SQLite and 1.6 s on PostgreSQL for one national
/// campaign of 245,000 letters, and grew with every further campaign; with the steps on the letter it is one
/// index range per campaign (docs/benchmarks.md). Each update is a single statement on the letters of one code
/// (a handful, by the code's index) that never touches <see cref="CampaignLetter.Version"/>: a campaign being
/// issued at the same moment fills other columns of the same rows and neither loses the other's change.
/// </remarks>
public static class LetterProgress
{
    /// <summary>The audit action the login page records for a successful temporary login.</summary>
    public const string TemporaryLoginAction = "temporary-login";

    /// <summary>仮IDで初回ログイン.</summary>
    public static async Task LoggedInAsync(PortalDbContext db, string institutionCode, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await MasterRowOf(db, institutionCode).Where(i => i.FirstTemporaryLoginAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.FirstTemporaryLoginAt, at), cancellationToken);
        await LettersOf(db, institutionCode).Where(l => l.FirstLoginAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.FirstLoginAt, at).SetProperty(l => l.FunnelSteps, l => l.FunnelSteps | LetterStep.LoggedIn), cancellationToken);
    }

    /// <summary>本登録の申請.</summary>
    public static async Task ActivationRequestedAsync(PortalDbContext db, string institutionCode, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await MasterRowOf(db, institutionCode).Where(i => i.ActivationRequestedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ActivationRequestedAt, at), cancellationToken);
        await LettersOf(db, institutionCode).Where(l => l.ActivationRequestedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ActivationRequestedAt, at).SetProperty(l => l.FunnelSteps, l => l.FunnelSteps | LetterStep.ActivationRequested), cancellationToken);
    }

    /// <summary>
    /// 登録完了 by the letter's way: the activation made the institution's account as well. Whichever of the two steps
    /// answers a letter's campaign, it is set now if it was not, and with it the response day; a response day already
    /// set stays (its step was reached before).
    /// </summary>
    public static async Task ActivatedAsync(PortalDbContext db, string institutionCode, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await MasterRowOf(db, institutionCode).Where(i => i.ActivatedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ActivatedAt, at), cancellationToken);
        DateOnly? day = JapanTime.DayOf(at);
        await LettersOf(db, institutionCode).Where(l => l.ActivatedAt == null || l.RegisteredAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(l => l.ActivatedAt, l => l.ActivatedAt ?? at)
                .SetProperty(l => l.RegisteredAt, l => l.RegisteredAt ?? at)
                .SetProperty(l => l.RespondedOn, l => l.RespondedOn ?? day)
                .SetProperty(l => l.FunnelSteps, l => l.FunnelSteps | LetterStep.Activated | LetterStep.Registered), cancellationToken);
    }

    /// <summary>
    /// An account by another way: self-registration, or an account moved to the code by a succession. It answers a
    /// 別添2 letter (its response day is today's), not the others, which wait for their login to be used.
    /// </summary>
    public static async Task RegisteredAsync(PortalDbContext db, string institutionCode, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        DateOnly? day = JapanTime.DayOf(at);
        await LettersOf(db, institutionCode)
            .Where(l => l.RegisteredAt == null && db.Set<Campaign>().Any(c => c.Id == l.CampaignId && c.Kind == AnsweredByAccount))
            .ExecuteUpdateAsync(s => s
                .SetProperty(l => l.RegisteredAt, at)
                .SetProperty(l => l.RespondedOn, day)
                .SetProperty(l => l.FunnelSteps, l => l.FunnelSteps | LetterStep.Registered), cancellationToken);
        await LettersOf(db, institutionCode).Where(l => l.RegisteredAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.RegisteredAt, at).SetProperty(l => l.FunnelSteps, l => l.FunnelSteps | LetterStep.Registered), cancellationToken);
    }

    /// <summary>Sets a new campaign's letters from the records: the steps its targets reached before it, then the response day and step bits.</summary>
    public static async Task FromRecordsAsync(PortalDbContext db, long campaignId, CancellationToken cancellationToken = default)
    {
        await db.Database.ExecuteSqlRawAsync(FromRecordsSql + """ WHERE "CampaignId" = {0}""", [campaignId], cancellationToken);
        await db.Database.ExecuteSqlRawAsync(db.Database.IsSqlite() ? CampaignDerivedSqlite : CampaignDerivedPostgres, [campaignId], cancellationToken);
    }

    /// <summary>Each step's first time from the records, for every letter; a campaign's letters with a WHERE.</summary>
    public const string FromRecordsSql = $"""
        UPDATE "CampaignLetters" SET
            "FirstLoginAt" = (SELECT MIN(a."At") FROM "AuditEntries" AS a
                WHERE a."Action" = '{TemporaryLoginAction}' AND a."InstitutionCode" = "CampaignLetters"."InstitutionCode"),
            "ActivationRequestedAt" = (SELECT MIN(r."CreatedAt") FROM "ActivationRequests" AS r
                WHERE r."InstitutionCode" = "CampaignLetters"."InstitutionCode"),
            "ActivatedAt" = (SELECT MIN(c."UsedAt") FROM "TemporaryCredentials" AS c
                WHERE c."InstitutionCode" = "CampaignLetters"."InstitutionCode"),
            "RegisteredAt" = (SELECT MIN(u."CreatedAt") FROM "AspNetUsers" AS u
                WHERE u."InstitutionCode" = "CampaignLetters"."InstitutionCode")
        """;

    /// <summary>The campaign kind whose letters the account itself answers (別添2); the others answer with 登録完了.</summary>
    public const CampaignKind AnsweredByAccount = CampaignKind.NewOrSuccession;

    private static readonly string AnsweringStep = $"""
        CASE WHEN (SELECT c."Kind" FROM "Campaigns" AS c WHERE c."Id" = "CampaignLetters"."CampaignId") = {(int)AnsweredByAccount}
             THEN "RegisteredAt" ELSE "ActivatedAt" END
        """;

    private static readonly string Steps = StepBitsSql.Of(
        ("FirstLoginAt", LetterStep.LoggedIn),
        ("ActivationRequestedAt", LetterStep.ActivationRequested),
        ("ActivatedAt", LetterStep.Activated),
        ("RegisteredAt", LetterStep.Registered));

    /// <summary>
    /// Each letter's response day and step bits from its steps (for every letter; a campaign's with a WHERE): the
    /// Japanese day of the answering step.
    /// </summary>
    public static readonly string DerivedSqlite = $"""
        UPDATE "CampaignLetters" SET "RespondedOn" = {JapanDaySql.Sqlite(AnsweringStep)},
            "FunnelSteps" = {Steps}
        """;

    /// <summary>As <see cref="DerivedSqlite"/>, on PostgreSQL's timestamptz.</summary>
    public static readonly string DerivedPostgres = $"""
        UPDATE "CampaignLetters" SET "RespondedOn" = {JapanDaySql.Postgres(AnsweringStep)},
            "FunnelSteps" = {Steps}
        """;

    private static readonly string CampaignDerivedSqlite = DerivedSqlite + """ WHERE "CampaignId" = {0}""";

    private static readonly string CampaignDerivedPostgres = DerivedPostgres + """ WHERE "CampaignId" = {0}""";

    private static IQueryable<Institution> MasterRowOf(PortalDbContext db, string institutionCode) =>
        db.Institutions.Where(i => i.Code == institutionCode);

    private static IQueryable<CampaignLetter> LettersOf(PortalDbContext db, string institutionCode) =>
        db.Set<CampaignLetter>().Where(l => l.InstitutionCode == institutionCode);
}
