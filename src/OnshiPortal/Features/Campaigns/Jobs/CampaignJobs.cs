using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Campaigns.Jobs;

/// <summary>
/// The back office's side of the campaign jobs: asking for an issue or an export, and reading where the campaign's
/// latest job stands. Both go through the database, so the node that takes the request, the node that runs the job
/// and the node that shows its progress may all differ (<see cref="CampaignJobRunner"/> runs them).
/// </summary>
public sealed class CampaignJobs(PortalDbContext db, TimeProvider clock, CampaignJobRunner runner)
{
    public const string WaitingPhase = "開始を待っています";

    public const string DonePhase = "完了しました";

    public const string FailedPhase = "中断しました";

    /// <summary>Queues a job; false when one is already queued or running for the campaign (on any node).</summary>
    public async Task<bool> TryStartAsync(long campaignId, CampaignJobKind kind, string actor, CancellationToken cancellationToken = default)
    {
        if (await db.Set<CampaignJob>().AnyAsync(j => j.CampaignId == campaignId && j.State < CampaignJobState.Done, cancellationToken))
        {
            return false;
        }

        var job = new CampaignJob { CampaignId = campaignId, Kind = kind, RequestedBy = actor, RequestedAt = clock.GetUtcNow() };
        db.Add(job);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            runner.Wake();
            return true;
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            // Two operators (or two nodes) at the same moment: the unique index on the active job let one in.
            db.Entry(job).State = EntityState.Detached;
            return false;
        }
    }

    /// <summary>The campaign's latest job, running or ended, for its page.</summary>
    public Task<CampaignJob?> LatestAsync(long campaignId, CancellationToken cancellationToken = default) =>
        db.Set<CampaignJob>().AsNoTracking()
            .Where(j => j.CampaignId == campaignId)
            .OrderByDescending(j => j.Id)
            .FirstOrDefaultAsync(cancellationToken);
}
