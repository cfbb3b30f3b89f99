using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Campaigns.Jobs;

/// <summary>
/// A node's hold on a running job: renewed, with the job's progress, every few seconds while the work goes on, so
/// that every node's campaign page reads the progress from the database and no other node takes the job. When the
/// renewal finds the job no longer carries this node's token (the lease ran out during a long pause and another
/// node took the job over), <see cref="Lost"/> is cancelled and the work stops at its next step.
/// </summary>
public sealed class JobLease(IServiceScopeFactory scopes, long jobId, string token, TimeSpan length, TimeProvider clock, ILogger logger)
    : IProgress<WorkProgress>, IDisposable
{
    private readonly CancellationTokenSource lost = new();
    private WorkProgress? latest;
    private DateTimeOffset renewedAt = clock.GetUtcNow();

    public long JobId { get; } = jobId;

    public string Token { get; } = token;

    /// <summary>Cancelled when this node no longer holds the job.</summary>
    public CancellationToken Lost => lost.Token;

    public void Report(WorkProgress value) => Volatile.Write(ref latest, value);

    /// <summary>
    /// Renews the lease inside the caller's transaction, and fails if another node holds the job now: what a step
    /// that records work as the job's (a stored file, the export's completion) does before it commits.
    /// </summary>
    public async Task ConfirmAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var until = clock.GetUtcNow() + length;
        var held = await db.Set<CampaignJob>().Where(j => j.Id == JobId && j.ClaimedBy == Token)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.ClaimedUntil, until), cancellationToken);
        if (held == 0)
        {
            await lost.CancelAsync();
            throw new OperationCanceledException("The job's lease was lost to another node.", Lost);
        }
    }

    /// <summary>Renews the lease and writes the progress, until <paramref name="stop"/>; a third of the lease apart at most.</summary>
    public async Task KeepAsync(TimeSpan interval, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await RenewAsync(stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task RenewAsync(CancellationToken stop)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var now = clock.GetUtcNow();
            var until = now + length;
            var progress = Volatile.Read(ref latest);
            var held = progress is null
                ? await db.Set<CampaignJob>().Where(j => j.Id == JobId && j.ClaimedBy == Token)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.ClaimedUntil, until), stop)
                : await db.Set<CampaignJob>().Where(j => j.Id == JobId && j.ClaimedBy == Token)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(j => j.ClaimedUntil, until)
                        .SetProperty(j => j.Phase, progress.Phase)
                        .SetProperty(j => j.Done, progress.Done)
                        .SetProperty(j => j.Total, progress.Total), stop);
            if (held == 0)
            {
                logger.LogWarning("Campaign job {JobId}: another node holds it now; this node stops its work", JobId);
                await lost.CancelAsync();
                return;
            }

            renewedAt = now;
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            // The database is away for a moment: keep working while the lease still holds, stop before it runs out,
            // since another node may take the job then.
            logger.LogWarning(e, "Campaign job {JobId}: the lease could not be renewed", JobId);
            if (clock.GetUtcNow() - renewedAt > length * 2 / 3)
            {
                await lost.CancelAsync();
            }
        }
    }

    public void Dispose() => lost.Dispose();
}
