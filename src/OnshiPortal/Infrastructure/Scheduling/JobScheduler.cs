using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Infrastructure.Scheduling;

/// <summary>
/// Runs the scheduled jobs on any number of nodes, each occurrence once, as the campaign jobs and the outbox do:
/// <list type="number">
/// <item>A node that finds an occurrence due inserts its row (<see cref="ScheduledRun"/>); the unique index refuses the
/// same occurrence from a second node. Only the latest due occurrence since the job's last one is inserted: after a
/// time with every node down, a job runs once, not once per missed tick. A job never run before counts from this
/// node's first poll (a new job does not run at once for an occurrence before it existed).</item>
/// <item>A node claims a row no one holds with one UPDATE (<c>ExecuteUpdate</c>) whose WHERE only a free row meets: on
/// PostgreSQL the second UPDATE waits for the first and re-reads the row, on SQLite writes are serial. It renews its
/// lease while the job works and closes the row with the job's summary or error.</item>
/// <item>A node that dies leaves a lease that runs out; another node takes the same row over (Attempts + 1). A node
/// stopped cleanly hands its run back at once. A finished row is never claimed again.</item>
/// </list>
/// Each statement is its own short transaction; the job does its own work in its own scope.
/// </summary>
public sealed class JobScheduler(
    IServiceScopeFactory scopes,
    ScheduledJobCatalog catalog,
    IOptionsMonitor<SchedulerOptions> options,
    TimeProvider clock,
    ILogger<JobScheduler> logger)
{
    /// <summary>What a run records for an exception that is not a <see cref="ScheduledJobException"/>.</summary>
    public const string GenericError = "処理中にエラーが発生しました。詳細はサーバーのログを確認してください。";

    /// <summary>What a run records when it was taken more than <see cref="SchedulerOptions.MaxAttempts"/> times.</summary>
    public const string GivenUpError = "処理が繰り返し中断されたため、停止しました。システム管理者に連絡してください。";

    private DateTimeOffset? firstPoll;
    private long passes;

    /// <summary>This node's scheduler; each claim token starts with it.</summary>
    public string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>One poll: inserts the due occurrences, then runs every run this node can take. Returns how many it ran.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        await EnqueueDueAsync(cancellationToken);
        var ran = 0;
        while (!cancellationToken.IsCancellationRequested && await RunNextAsync(cancellationToken) is not null)
        {
            ran++;
        }

        return ran;
    }

    /// <summary>Inserts, for each enabled job with a schedule, its latest due occurrence not yet recorded.</summary>
    public async Task EnqueueDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        firstPoll ??= now;
        var scheduled = catalog.Jobs.Where(j => j.Enabled && j.Schedule is not null).ToList();
        if (scheduled.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var names = scheduled.Select(j => j.Name).ToList();
        var latest = (await db.Set<ScheduledRun>().AsNoTracking()
                .Where(r => names.Contains(r.JobName) && r.Trigger == ScheduledTrigger.Schedule)
                .GroupBy(r => r.JobName)
                .Select(g => new { Name = g.Key, At = g.Max(r => r.OccurrenceAt) })
                .ToListAsync(cancellationToken))
            .ToDictionary(r => r.Name, r => r.At);
        foreach (var job in scheduled)
        {
            var since = latest.TryGetValue(job.Name, out var last) ? last : firstPoll.Value;
            if (!JobSchedule.TryParse(job.Schedule, out var cron) || JobSchedule.LatestDue(cron!, since, now) is not { } due)
            {
                continue;
            }

            db.Add(new ScheduledRun { JobName = job.Name, OccurrenceAt = due, Trigger = ScheduledTrigger.Schedule });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                logger.LogInformation("Scheduled job {Job}: occurrence {At} is due", job.Name, due);
            }
            catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
            {
                // Another node inserted it first, or a run of the job is still unfinished: then the occurrence is
                // inserted at a poll after that run ends.
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Claims and runs the oldest run this node may take (queued, or left by a node that died); null when none.</summary>
    public async Task<ScheduledRun?> RunNextAsync(CancellationToken cancellationToken)
    {
        var names = catalog.Jobs.Where(j => j.Enabled).Select(j => j.Name).ToList();
        if (names.Count == 0)
        {
            return null;
        }

        List<long> candidates;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var now = clock.GetUtcNow();
            candidates = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Set<ScheduledRun>().AsNoTracking()
                .Where(r => names.Contains(r.JobName) && r.FinishedAt == null && (r.ClaimedUntil == null || r.ClaimedUntil <= now))
                .OrderBy(r => r.OccurrenceAt).ThenBy(r => r.Id)
                .Select(r => r.Id)
                .Take(10)
                .ToListAsync(cancellationToken);
        }

        foreach (var id in candidates)
        {
            if (await RunAsync(id, cancellationToken) is { } run)
            {
                return run;
            }
        }

        return null;
    }

    /// <summary>Claims the run <paramref name="runId"/> and runs it here; null when it is held by another node or finished.</summary>
    public async Task<ScheduledRun?> RunAsync(long runId, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var token = $"{Id}#{Interlocked.Increment(ref passes)}";
        ScheduledRun? run;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var now = clock.GetUtcNow();
            var until = now + settings.LeaseLength;
            var claimed = await db.Set<ScheduledRun>()
                .Where(r => r.Id == runId && r.FinishedAt == null && (r.ClaimedUntil == null || r.ClaimedUntil <= now))
                .ExecuteUpdateAsync(
                    s => s.SetProperty(r => r.ClaimedBy, token)
                        .SetProperty(r => r.ClaimedUntil, until)
                        .SetProperty(r => r.Attempts, r => r.Attempts + 1)
                        .SetProperty(r => r.StartedAt, r => r.StartedAt ?? now),
                    cancellationToken);
            if (claimed == 0)
            {
                return null;
            }

            run = await db.Set<ScheduledRun>().AsNoTracking().SingleAsync(r => r.Id == runId, cancellationToken);
        }

        var job = catalog.Find(run.JobName);
        if (job is null || !job.Enabled)
        {
            // Claimed by name only from the enabled jobs; a job removed meanwhile is handed back for a node that has it.
            await ReleaseAsync(run.Id, token);
            return null;
        }

        if (run.Attempts > settings.MaxAttempts)
        {
            logger.LogError("Scheduled job {Job}: run {RunId} was taken {Attempts} times without ending; it is given up", run.JobName, run.Id, run.Attempts - 1);
            return await EndAsync(run.Id, token, null, GivenUpError);
        }

        logger.LogInformation("Scheduled job {Job}: run {RunId} ({Trigger} {At}) taken, attempt {Attempts}", run.JobName, run.Id, run.Trigger, run.OccurrenceAt, run.Attempts);
        var occurrence = new ScheduledOccurrence(run.Id, run.JobName, run.OccurrenceAt, run.Trigger, run.Attempts, run.RequestedBy);
        var (ended, summary, error) = await WorkAsync(job, occurrence, token, settings.LeaseLength, cancellationToken);
        if (ended)
        {
            return await EndAsync(run.Id, token, summary, error);
        }

        await ReleaseAsync(run.Id, token);
        return null;
    }

    /// <summary>Runs the job while renewing the lease; whether it ended here (not stopped with the node, nor lost to another).</summary>
    private async Task<(bool Ended, string? Summary, string? Error)> WorkAsync(
        ScheduledJobInfo job, ScheduledOccurrence occurrence, string token, TimeSpan lease, CancellationToken stoppingToken)
    {
        using var lost = new CancellationTokenSource();
        using var work = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lost.Token);
        using var stopKeeping = new CancellationTokenSource();
        var keeping = KeepAsync(occurrence.RunId, token, lease, lost, stopKeeping.Token);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var instance = (IScheduledJob)scope.ServiceProvider.GetRequiredService(job.Type);
            var result = await instance.RunAsync(occurrence, work.Token);
            return (true, Shorten(result.Summary, ScheduledRun.SummaryLength), null);
        }
        catch (OperationCanceledException) when (work.IsCancellationRequested)
        {
            return (false, null, null);
        }
        catch (ScheduledJobException e)
        {
            logger.LogWarning(e, "Scheduled job {Job}: run {RunId} failed", occurrence.JobName, occurrence.RunId);
            return (true, null, Shorten(e.Message, ScheduledRun.ErrorLength));
        }
        catch (Exception e)
        {
            // The message of an arbitrary exception may carry a connection string or a person's data: the log keeps it.
            logger.LogError(e, "Scheduled job {Job}: run {RunId} failed", occurrence.JobName, occurrence.RunId);
            return (true, null, GenericError);
        }
        finally
        {
            await stopKeeping.CancelAsync();
            await keeping;
        }
    }

    /// <summary>Renews the lease every third of its length; cancels <paramref name="lost"/> when another node holds the run now.</summary>
    private async Task KeepAsync(long runId, string token, TimeSpan lease, CancellationTokenSource lost, CancellationToken stop)
    {
        var renewedAt = clock.GetUtcNow();
        using var timer = new PeriodicTimer(lease / 3, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var now = clock.GetUtcNow();
                    var until = now + lease;
                    var held = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Set<ScheduledRun>()
                        .Where(r => r.Id == runId && r.ClaimedBy == token && r.FinishedAt == null)
                        .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClaimedUntil, until), stop);
                    if (held == 0)
                    {
                        logger.LogWarning("Scheduled run {RunId}: another node holds it now; this node stops its work", runId);
                        await lost.CancelAsync();
                        return;
                    }

                    renewedAt = now;
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    // The database is away for a moment: go on while the lease holds, stop before another node may take it.
                    logger.LogWarning(e, "Scheduled run {RunId}: the lease could not be renewed", runId);
                    if (clock.GetUtcNow() - renewedAt > lease * 2 / 3)
                    {
                        await lost.CancelAsync();
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Closes the run, if this node still holds it; the row as it ended.</summary>
    private async Task<ScheduledRun?> EndAsync(long runId, string token, string? summary, string? error)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = clock.GetUtcNow();
        var closed = await db.Set<ScheduledRun>().Where(r => r.Id == runId && r.ClaimedBy == token && r.FinishedAt == null)
            .ExecuteUpdateAsync(
                s => s.SetProperty(r => r.FinishedAt, now)
                    .SetProperty(r => r.Summary, summary)
                    .SetProperty(r => r.Error, error)
                    .SetProperty(r => r.ClaimedUntil, (DateTimeOffset?)null),
                CancellationToken.None);
        if (closed == 0)
        {
            logger.LogWarning("Scheduled run {RunId} ended here but another node held it by then; its record is that node's", runId);
        }

        return await db.Set<ScheduledRun>().AsNoTracking().SingleAsync(r => r.Id == runId, CancellationToken.None);
    }

    /// <summary>A node stopping cleanly hands its run back, so that another need not wait for the lease to run out.</summary>
    private async Task ReleaseAsync(long runId, string token)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Set<ScheduledRun>()
                .Where(r => r.Id == runId && r.ClaimedBy == token && r.FinishedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.ClaimedBy, (string?)null).SetProperty(r => r.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Scheduled run {RunId} could not be handed back; its lease runs out by itself", runId);
        }
    }

    private static string? Shorten(string? text, int length) =>
        text is null ? null : text.Length <= length ? text : text[..(length - 1)] + "…";
}
