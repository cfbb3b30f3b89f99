using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Campaigns.FollowUps;

/// <summary>What one pass of the follow-up job did.</summary>
/// <param name="Proposed">The drafts it made.</param>
/// <param name="NobodyLeft">Campaigns taken up whose 再送 would have had no target: recorded, no draft.</param>
/// <param name="Refused">Campaigns whose 再送 the rules refuse today (e.g. a 発送日 after the filing deadline), with why.</param>
public sealed record FollowUpResult(IReadOnlyList<Campaign> Proposed, int NobodyLeft, IReadOnlyList<(long CampaignId, string Problem)> Refused);

/// <summary>
/// 再送の自動提案: <see cref="CampaignFollowUpOptions.AfterDays"/> days after an issued 別添1 campaign's 発送日, the
/// next 再送 to its institutions that still have no account is made as a DRAFT (by <see cref="CampaignService"/>, with
/// the same targeting as an operator's), for an operator to check its counts and issue. Nothing is ever issued here:
/// no credential is made and no letter printed until a person presses 発行する.
/// </summary>
/// <remarks>
/// Once per campaign: the campaign's <see cref="Campaign.FollowUpConsideredAt"/> is set by a conditional UPDATE in
/// the transaction that creates the draft (on PostgreSQL a second node's UPDATE waits for the first and then finds it
/// set; SQLite writes one at a time). A campaign whose 再送 would write to nobody is marked all the same, and a draft
/// the operator deleted is not proposed again: the decision was the operator's. A campaign an operator has already
/// followed with a 再送 of their own is not proposed either.
/// </remarks>
public sealed class CampaignFollowUps(PortalDbContext db, CampaignService campaigns, AuditTrail audit, IOptions<CampaignOptions> options, TimeProvider clock)
{
    /// <summary>The <see cref="Campaign.CreatedBy"/> of a proposal: how the pages tell it apart (自動提案).</summary>
    public const string Proposer = "scheduler";

    /// <summary>Whether the campaign is a draft this job proposed.</summary>
    public static bool IsProposal(Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return campaign.CreatedBy == Proposer;
    }

    /// <summary>The drafts proposed and not yet issued: what waits for an operator's approval.</summary>
    public static IQueryable<Campaign> Waiting(PortalDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<Campaign>().Where(c => c.CreatedBy == Proposer && c.State == CampaignState.Draft);
    }

    /// <summary>Proposes the 再送 of every campaign whose day has come and that was not taken up before.</summary>
    public async Task<FollowUpResult> ProposeDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value.FollowUp;
        var today = JapanTime.Today(clock);
        var lastLetterDate = today.AddDays(-settings.AfterDays);
        var due = await db.Set<Campaign>().AsNoTracking()
            .Where(c => c.State != CampaignState.Draft
                && (c.Kind == CampaignKind.Unregistered || c.Kind == CampaignKind.Resend)
                && c.FollowUpConsideredAt == null
                && c.LetterDate <= lastLetterDate
                && !db.Set<Campaign>().Any(r => r.Kind == CampaignKind.Resend && r.AfterCampaignId == c.Id))
            .OrderBy(c => c.Id)
            .ToListAsync(cancellationToken);

        var proposed = new List<Campaign>();
        var refused = new List<(long, string)>();
        var nobodyLeft = 0;
        foreach (var earlier in due)
        {
            var request = new CampaignRequest
            {
                Kind = CampaignKind.Resend,
                Name = NameFor(earlier),
                CutoffDate = today,
                LetterDate = today.AddDays(settings.LetterAfterDays),
                AfterCampaignId = earlier.Id,
                EnforcementSentence = earlier.EnforcementSentence,
                TransitionSentence = earlier.TransitionSentence,
            };
            try
            {
                var (claimed, draft) = await campaigns.CreateOnceAsync(request, Proposer, ct => ClaimAsync(earlier.Id, ct), cancellationToken);
                if (draft is not null)
                {
                    proposed.Add(draft);
                }
                else if (claimed)
                {
                    nobodyLeft++;
                    audit.Record("campaign.follow-up-none", Proposer, null, new { CampaignId = earlier.Id });
                    await db.SaveChangesAsync(cancellationToken);
                }
            }
            catch (CampaignRequestException e)
            {
                refused.Add((earlier.Id, e.Message));
            }
        }

        return new FollowUpResult(proposed, nobodyLeft, refused);
    }

    /// <summary>The once-per-campaign mark: true for the one run whose UPDATE found it unset.</summary>
    private async Task<bool> ClaimAsync(long campaignId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await db.Set<Campaign>()
            .Where(c => c.Id == campaignId && c.FollowUpConsideredAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.FollowUpConsideredAt, now), cancellationToken) == 1;
    }

    /// <summary>「（元の名称） 再送（自動提案）」, within the 200 characters a name may have.</summary>
    private static string NameFor(Campaign earlier)
    {
        const string suffix = " 再送（自動提案）";
        var name = earlier.Name.Length + suffix.Length <= 200 ? earlier.Name : earlier.Name[..(200 - suffix.Length)];
        return name + suffix;
    }
}
