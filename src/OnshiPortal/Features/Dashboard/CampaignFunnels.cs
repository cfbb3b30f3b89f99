using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Dashboard;

/// <summary>One mailing's funnel, and those of its institutions that got an account by another way (self-registration, succession).</summary>
public sealed record CampaignFunnel(long CampaignId, string Name, CampaignKind Kind, DateOnly LetterDate, Funnel Funnel, long RegisteredOtherwise);

/// <summary>
/// キャンペーン別の到達状況: for each issued campaign, how many of the institutions it mailed reached each step.
/// 別添1 (a temporary login in the letter): 発送 → 仮IDで初回ログイン → 本登録の申請 → 登録完了 (a credential of
/// the institution spent by a completed activation). 別添2 (no login; the letter asks them to register or file a
/// succession): 発送 → アカウント登録済み. Steps count institutions, not events: one that logged in three times
/// counts once.
/// </summary>
/// <remarks>
/// Each letter carries the steps its institution reached (<see cref="LetterProgress"/>, kept by the flows that move
/// it on), so the whole computation is one read of the funnel index: a range per campaign, no probe into the audit
/// trail, the activations or the accounts, and no more work per further campaign than its letters.
/// </remarks>
internal static class CampaignFunnels
{
    internal static readonly string Sql = $"""
        SELECT l."CampaignId" AS "CampaignId",
               COUNT(*) AS "Letters",
               COUNT(l."FirstLoginAt") AS "LoggedIn",
               COUNT(l."ActivationRequestedAt") AS "Requested",
               COUNT(l."ActivatedAt") AS "Activated",
               COUNT(l."RegisteredAt") AS "Registered"
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
        var title = $"{name}（{kind.Label()}、発送日 {Wareki.Format(letterDate)}）";
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
