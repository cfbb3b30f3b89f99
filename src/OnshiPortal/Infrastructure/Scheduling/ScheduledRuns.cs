using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Infrastructure.Scheduling;

/// <summary>What an operator does with the scheduler: asks for a run now (audited), reads the runs.</summary>
public sealed class ScheduledRuns(PortalDbContext db, ScheduledJobCatalog catalog, AuditTrail audit, TimeProvider clock)
{
    /// <summary>
    /// Queues a manual run of <paramref name="jobName"/>, picked up by the next poll of any node (or run at once by the
    /// command line). Refused while a run of the job is unfinished: the database allows one (a second click, or two
    /// operators at once, queue one run).
    /// </summary>
    public async Task<(ScheduledRun? Run, string? Refusal)> RequestAsync(string jobName, string requestedBy, CancellationToken cancellationToken = default)
    {
        var job = catalog.Find(jobName);
        if (job is null)
        {
            return (null, Ui.Text("ジョブ「{0}」はありません。", jobName));
        }

        if (!job.Enabled)
        {
            return (null, Ui.Text("ジョブ「{0}」は設定で無効になっているため、実行できません。", jobName));
        }

        var busy = Ui.Text("ジョブ「{0}」は実行中または実行待ちです。終わってからもう一度実行してください。", jobName);
        if (await db.Set<ScheduledRun>().AnyAsync(r => r.JobName == jobName && r.FinishedAt == null, cancellationToken))
        {
            return (null, busy);
        }

        var run = new ScheduledRun { JobName = jobName, OccurrenceAt = clock.GetUtcNow(), Trigger = ScheduledTrigger.Manual, RequestedBy = requestedBy };
        db.Add(run);
        audit.Record("scheduler.run-requested", requestedBy, null, new { Job = jobName });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return (null, busy);
        }

        return (run, null);
    }

    /// <summary>The latest runs of each job, newest first.</summary>
    public async Task<ILookup<string, ScheduledRun>> RecentAsync(int perJob, CancellationToken cancellationToken = default)
    {
        var runs = new List<ScheduledRun>();
        foreach (var job in catalog.Jobs)
        {
            runs.AddRange(await db.Set<ScheduledRun>().AsNoTracking()
                .Where(r => r.JobName == job.Name)
                .OrderByDescending(r => r.Id)
                .Take(perJob)
                .ToListAsync(cancellationToken));
        }

        return runs.ToLookup(r => r.JobName, StringComparer.Ordinal);
    }
}
