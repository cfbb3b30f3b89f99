using System.Globalization;
using OnshiPortal.Infrastructure.Scheduling;

namespace OnshiPortal.Features.Campaigns.FollowUps;

/// <summary>
/// The scheduler's daily run of <see cref="CampaignFollowUps"/> (<c>Scheduler:Jobs:campaign-follow-ups</c>). A rerun
/// of the same day, by hand, after a crash or on a second node, proposes nothing twice. A 再送 the rules refuse is
/// the run's error, for the administrators to see on the scheduler's page; the others are proposed all the same.
/// </summary>
public sealed class CampaignFollowUpJob(CampaignFollowUps followUps) : IScheduledJob
{
    public const string JobName = "campaign-follow-ups";

    public string Name => JobName;

    public async Task<ScheduledJobResult> RunAsync(ScheduledOccurrence occurrence, CancellationToken cancellationToken)
    {
        var result = await followUps.ProposeDueAsync(cancellationToken);
        if (result.Refused.Count > 0)
        {
            // Kept with the run as it is (Japanese, no personal data): the problems are the campaign rules' own words.
            throw new ScheduledJobException(string.Create(
                CultureInfo.InvariantCulture,
                $"再送を提案できなかった発送があります（提案 {result.Proposed.Count}件）。{string.Join(" ", result.Refused.Select(r => $"発送ID {r.CampaignId}: {r.Problem}"))}"));
        }

        return new(string.Create(CultureInfo.InvariantCulture, $"proposed {result.Proposed.Count}, nobody left {result.NobodyLeft}"));
    }
}
