using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Campaigns;

/// <summary>
/// Keeps each letter's funnel steps (<see cref="CampaignLetter.FirstLoginAt"/> and the rest) up to date: the flows
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
    public static Task LoggedInAsync(PortalDbContext db, string institutionCode, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        LettersOf(db, institutionCode).Where(l => l.FirstLoginAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.FirstLoginAt, at), cancellationToken);

    /// <summary>本登録の申請.</summary>
    public static Task ActivationRequestedAsync(PortalDbContext db, string institutionCode, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        LettersOf(db, institutionCode).Where(l => l.ActivationRequestedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ActivationRequestedAt, at), cancellationToken);

    /// <summary>登録完了 by the letter's way: the activation made the institution's account as well.</summary>
    public static Task ActivatedAsync(PortalDbContext db, string institutionCode, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        LettersOf(db, institutionCode).Where(l => l.ActivatedAt == null || l.RegisteredAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(l => l.ActivatedAt, l => l.ActivatedAt ?? at)
                .SetProperty(l => l.RegisteredAt, l => l.RegisteredAt ?? at), cancellationToken);

    /// <summary>An account by another way: self-registration, or an account moved to the code by a succession.</summary>
    public static Task RegisteredAsync(PortalDbContext db, string institutionCode, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        LettersOf(db, institutionCode).Where(l => l.RegisteredAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.RegisteredAt, at), cancellationToken);

    /// <summary>Sets a new campaign's letters from the records: the steps its targets reached before it.</summary>
    public static Task FromRecordsAsync(PortalDbContext db, long campaignId, CancellationToken cancellationToken = default) =>
        db.Database.ExecuteSqlRawAsync(FromRecordsSql + """ WHERE "CampaignId" = {0}""", [campaignId], cancellationToken);

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

    private static IQueryable<CampaignLetter> LettersOf(PortalDbContext db, string institutionCode) =>
        db.Set<CampaignLetter>().Where(l => l.InstitutionCode == institutionCode);
}
