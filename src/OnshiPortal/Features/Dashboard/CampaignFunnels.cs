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
/// Each letter carries the steps its institution reached and the day it answered (<see cref="LetterProgress"/>, kept
/// by the flows that move it on), so the funnels and the response curves are one read of the funnel index, grouped
/// in its order by campaign and response day: no probe into the audit trail, the activations or the accounts, no
/// sort, and no more work per further campaign than its letters.
/// </remarks>
internal static class CampaignFunnels
{
    /// <summary>Issued letters by campaign, response day (none yet: null) and the steps they reached.</summary>
    internal static IQueryable<CampaignDaySteps> StepsByDay(PortalDbContext db) =>
        db.Set<CampaignLetter>().AsNoTracking()
            .Where(l => l.State == CampaignLetterState.Issued)
            .GroupBy(l => new { l.CampaignId, l.RespondedOn, l.FunnelSteps })
            .Select(g => new CampaignDaySteps(g.Key.CampaignId, g.Key.RespondedOn, g.Key.FunnelSteps, g.LongCount()));

    /// <summary>The funnel of each campaign with issued letters, newest 発送日 first, from <see cref="StepsByDay"/>'s rows.</summary>
    public static async Task<List<CampaignFunnel>> LoadAsync(PortalDbContext db, IReadOnlyList<CampaignDaySteps> days, CancellationToken cancellationToken)
    {
        long Reached(IEnumerable<CampaignDaySteps> rows, LetterStep step) => rows.Where(d => d.FunnelSteps.HasFlag(step)).Sum(d => d.Letters);
        var counts = days.GroupBy(d => d.CampaignId).ToDictionary(g => g.Key, g => new CampaignStepCounts
        {
            CampaignId = g.Key,
            Letters = g.Sum(d => d.Letters),
            LoggedIn = Reached(g, LetterStep.LoggedIn),
            Requested = Reached(g, LetterStep.ActivationRequested),
            Activated = Reached(g, LetterStep.Activated),
            Registered = Reached(g, LetterStep.Registered),
        });
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

/// <summary>A campaign's issued letters that answered on <see cref="RespondedOn"/> (null: not yet) and reached exactly <see cref="FunnelSteps"/>.</summary>
internal sealed record CampaignDaySteps(long CampaignId, DateOnly? RespondedOn, LetterStep FunnelSteps, long Letters);
