using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Campaigns.Jobs;

/// <summary>
/// Runs the campaign jobs on every node: takes the oldest job no node holds (<see cref="CampaignJobClaim"/>), keeps
/// its lease and progress in the database while it works (<see cref="JobLease"/>), and records how it ended. A node
/// stopped cleanly hands its job back at once; a node killed leaves a lease that runs out, and another node takes the
/// job over: issue goes on from the letters not yet issued, export from the files already stored.
/// </summary>
public sealed class CampaignJobRunner(
    IServiceScopeFactory scopes, IOptions<CampaignOptions> options, TimeProvider clock, ILogger<CampaignJobRunner> logger) : BackgroundService
{
    private long passes;

    /// <summary>Set by <see cref="Wake"/>: ends the idle wait before the next poll.</summary>
    private TaskCompletionSource woken = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>This runner, unique per instance: the claim token of each job starts with it.</summary>
    public string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>
    /// A job was queued on this node (<see cref="CampaignJobs.TryStartAsync"/>): look for it now rather than at the next
    /// poll, so that the operator's issue or export starts at once on the node that took the request. Other nodes'
    /// jobs are still found by polling. Does nothing on a node that runs no jobs (the command line, RunsJobs false).
    /// </summary>
    public void Wake() => Volatile.Read(ref woken).TrySetResult();

    /// <summary>Takes and runs one job; false when there was none to take.</summary>
    public async Task<bool> RunNextAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var length = TimeSpan.FromSeconds(settings.JobLeaseSeconds);
        var token = $"{Id}#{Interlocked.Increment(ref passes)}";
        CampaignJob? job;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var now = clock.GetUtcNow();
            job = await CampaignJobClaim.ClaimAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), token, now, now + length, stoppingToken);
        }

        if (job is null)
        {
            return false;
        }

        using var lease = new JobLease(scopes, job.Id, token, length, clock, logger);
        if (job.Attempts > settings.JobMaxAttempts)
        {
            // A job that stopped its node each time (out of memory, say) would otherwise go round every node for ever.
            logger.LogError("Campaign job {JobId} was taken {Attempts} times without ending; it is given up", job.Id, job.Attempts - 1);
            await EndAsync(lease, CampaignJobState.Failed,
                "処理が繰り返し中断されたため、停止しました。システム管理者にご連絡ください。もう一度実行すると続きから処理します。");
            return true;
        }

        logger.LogInformation("Campaign job {JobId} ({Kind} of campaign {CampaignId}) taken, attempt {Attempts}", job.Id, job.Kind, job.CampaignId, job.Attempts);
        var (state, error) = await RunAsync(job, lease, length, stoppingToken);
        if (state is { } ended)
        {
            await EndAsync(lease, ended, error);
        }
        else if (stoppingToken.IsCancellationRequested)
        {
            await ReleaseAsync(lease);
        }

        return true;
    }

    /// <summary>Runs the job while keeping its lease; the state it ended in, or null when it did not end here.</summary>
    private async Task<(CampaignJobState? State, string? Error)> RunAsync(CampaignJob job, JobLease lease, TimeSpan length, CancellationToken stoppingToken)
    {
        using var work = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lease.Lost);
        using var stopKeeping = new CancellationTokenSource();
        var keeping = lease.KeepAsync(TimeSpan.FromTicks(Math.Min(length.Ticks / 3, TimeSpan.FromSeconds(1).Ticks)), stopKeeping.Token);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            if (job.Kind == CampaignJobKind.Issue)
            {
                await services.GetRequiredService<CampaignService>().IssueAsync(job.CampaignId, job.RequestedBy, lease, work.Token);
            }
            else
            {
                await using var target = ActivatorUtilities.CreateInstance<StoredExportTarget>(services, lease);
                await services.GetRequiredService<CampaignExport>()
                    .ExportAsync(job.CampaignId, target, options.Value.LettersPerFile, job.RequestedBy, lease, work.Token);
            }

            return (CampaignJobState.Done, null);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested || lease.Lost.IsCancellationRequested)
        {
            return (null, null);
        }
        catch (Exception e) when (e is CampaignStateException or CampaignNotFoundException)
        {
            return (CampaignJobState.Failed, e.Message);
        }
        catch (CampaignExportException e)
        {
            // The operator's message says what to do; the log keeps the system's reason.
            logger.LogError(e, "Campaign {CampaignId}: the export could not write its files", job.CampaignId);
            return (CampaignJobState.Failed, e.Message);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Campaign {CampaignId}: the {Kind} job {JobId} failed", job.CampaignId, job.Kind, job.Id);
            return (CampaignJobState.Failed, "処理中にエラーが発生しました。もう一度実行すると続きから処理します。解決しない場合はシステム管理者にご連絡ください。");
        }
        finally
        {
            await stopKeeping.CancelAsync();
            await keeping;
        }
    }

    /// <summary>Records how the job ended, if this node still holds it (an export marks itself done as it publishes).</summary>
    private async Task EndAsync(JobLease lease, CampaignJobState state, string? error)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = clock.GetUtcNow();
        var phase = state == CampaignJobState.Done ? CampaignJobs.DonePhase : CampaignJobs.FailedPhase;
        await db.Set<CampaignJob>().Where(j => j.Id == lease.JobId && j.ClaimedBy == lease.Token).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, state)
            .SetProperty(j => j.Phase, phase)
            .SetProperty(j => j.Error, error)
            .SetProperty(j => j.FinishedAt, now)
            .SetProperty(j => j.ClaimedBy, (string?)null)
            .SetProperty(j => j.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
    }

    /// <summary>A node stopping cleanly hands its job back, so that another node need not wait for the lease to run out.</summary>
    private async Task ReleaseAsync(JobLease lease)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Set<CampaignJob>()
                .Where(j => j.Id == lease.JobId && j.ClaimedBy == lease.Token)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.ClaimedBy, (string?)null).SetProperty(j => j.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
            logger.LogInformation("Campaign job {JobId} handed back as the node stops", lease.JobId);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Campaign job {JobId} could not be handed back; its lease runs out by itself", lease.JobId);
        }
    }

    /// <summary>
    /// Deletes the staged files a killed run of this node left (the job itself was taken over and its stored files
    /// kept); a folder written to in the last hour may be another process's on the same machine, and is left.
    /// </summary>
    private void ClearStaging()
    {
        var staging = new DirectoryInfo(options.Value.StagingDirectory);
        if (!staging.Exists)
        {
            return;
        }

        foreach (var folder in staging.EnumerateDirectories("job-*").Where(d => d.LastWriteTimeUtc < DateTime.UtcNow.AddHours(-1)))
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(e, "Could not delete the staged export files in {Folder}", folder.FullName);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunsJobs)
        {
            logger.LogInformation("This node runs no campaign jobs (Campaigns:RunsJobs is false)");
            return;
        }

        ClearStaging();
        var poll = TimeSpan.FromSeconds(options.Value.JobPollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            // A fresh signal before each pass: a wake during the pass (a job queued after its claim found none) ends
            // the wait that follows at once; one before it is for a job this pass finds anyway.
            var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref woken, wake);
            var ran = false;
            try
            {
                ran = await RunNextAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // E.g. the database is away, or not migrated yet: try again at the next poll.
                logger.LogError(e, "Campaign job pass failed");
            }

            if (ran)
            {
                continue;
            }

            try
            {
                await wake.Task.WaitAsync(poll, clock, stoppingToken);
            }
            catch (TimeoutException)
            {
                // the poll: another node's job, or one whose lease ran out
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
