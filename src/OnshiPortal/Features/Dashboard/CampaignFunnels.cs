using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Dashboard;

/// <summary>One mailing's funnel, and those of its institutions that registered by another way (self-registration).</summary>
public sealed record CampaignFunnel(long CampaignId, string Name, CampaignKind Kind, DateOnly LetterDate, Funnel Funnel, long RegisteredOtherwise);

/// <summary>
/// キャンペーン別の到達状況: for each issued campaign, how many of the institutions it mailed reached each step.
/// 別添1 (a temporary login in the letter): 発送 → 仮IDで初回ログイン → 本登録の申請 → 登録完了 (a credential of
/// the institution spent by a completed activation). 別添2 (no login; the letter asks them to register or file a
/// succession): 発送 → アカウント登録済み. Steps count institutions, not events: one that logged in three times
/// counts once.
/// </summary>
/// <remarks>
/// One aggregate query over the letters, each step an EXISTS that an index answers alone (no table row read):
/// (Action, InstitutionCode) of the audit entries, InstitutionCode of the activation requests, (InstitutionCode,
/// UsedAt) of the credentials, InstitutionCode of the accounts. Bounding the steps by the letters' issue time would
/// need a table row per probe (the first version did, and took 1.6 s for 245,000 letters under load), so a step
/// reached before the letter counts too: for a resend campaign, an institution that logged in before but never
/// finished shows as logged in, which is what the call centre wants to know of it anyway.
/// </remarks>
internal static class CampaignFunnels
{
    private static readonly string Sql = $"""
        SELECT l."CampaignId" AS "CampaignId",
               COUNT(*) AS "Letters",
               SUM(CASE WHEN EXISTS (SELECT 1 FROM "AuditEntries" AS a
                   WHERE a."Action" = '{RegistrationDashboard.TemporaryLoginAction}' AND a."InstitutionCode" = l."InstitutionCode") THEN 1 ELSE 0 END) AS "LoggedIn",
               SUM(CASE WHEN EXISTS (SELECT 1 FROM "ActivationRequests" AS r
                   WHERE r."InstitutionCode" = l."InstitutionCode") THEN 1 ELSE 0 END) AS "Requested",
               SUM(CASE WHEN EXISTS (SELECT 1 FROM "TemporaryCredentials" AS c
                   WHERE c."InstitutionCode" = l."InstitutionCode" AND c."UsedAt" IS NOT NULL) THEN 1 ELSE 0 END) AS "Activated",
               SUM(CASE WHEN EXISTS (SELECT 1 FROM "AspNetUsers" AS u
                   WHERE u."InstitutionCode" = l."InstitutionCode") THEN 1 ELSE 0 END) AS "Registered"
        FROM "CampaignLetters" AS l
        WHERE l."State" = {(int)CampaignLetterState.Issued}
        GROUP BY l."CampaignId"
        """;

    public static async Task<List<CampaignFunnel>> LoadAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var counts = await db.Database.SqlQueryRaw<CampaignStepCounts>(Sql).ToDictionaryAsync(c => c.CampaignId, cancellationToken);
        if (counts.Count == 0)
        {
            return [];
        }

        var campaigns = await db.Set<Campaign>().AsNoTracking()
            .Where(c => counts.Keys.Contains(c.Id))
            .Select(c => new { c.Id, c.Name, c.Kind, c.LetterDate })
            .ToListAsync(cancellationToken);
        return [.. campaigns
            .OrderByDescending(c => c.LetterDate).ThenByDescending(c => c.Id)
            .Select(c => Of(c.Id, c.Name, c.Kind, c.LetterDate, counts[c.Id]))];
    }

    internal static CampaignFunnel Of(long id, string name, CampaignKind kind, DateOnly letterDate, CampaignStepCounts counts)
    {
        var title = $"{name}（{kind.Label()}、発送日 {Campaigns.Letters.Wareki.Format(letterDate)}）";
        if (kind == CampaignKind.NewOrSuccession)
        {
            return new CampaignFunnel(id, name, kind, letterDate, Funnel.From(title, [
                new FunnelStep("発送", counts.Letters),
                new FunnelStep("アカウント登録済み", counts.Registered),
            ]), 0);
        }

        return new CampaignFunnel(id, name, kind, letterDate, Funnel.From(title, [
            new FunnelStep("発送", counts.Letters),
            new FunnelStep("仮IDで初回ログイン", counts.LoggedIn),
            new FunnelStep("本登録の申請", counts.Requested),
            new FunnelStep("登録完了", counts.Activated),
        ]), Math.Max(0, counts.Registered - counts.Activated));
    }
}

internal sealed class CampaignStepCounts
{
    public long CampaignId { get; set; }

    public long Letters { get; set; }

    public long LoggedIn { get; set; }

    public long Requested { get; set; }

    public long Activated { get; set; }

    public long Registered { get; set; }
}
