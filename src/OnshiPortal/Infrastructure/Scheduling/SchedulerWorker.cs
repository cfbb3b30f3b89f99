using Microsoft.Extensions.Options;

namespace OnshiPortal.Infrastructure.Scheduling;

/// <summary>
/// Polls <see cref="JobScheduler"/> on this node (only the web process starts it, and only with
/// <c>Scheduler:Enabled</c>). Every node may run it: the database decides which node runs each occurrence.
/// </summary>
public sealed class SchedulerWorker(JobScheduler scheduler, IOptionsMonitor<SchedulerOptions> options, TimeProvider clock, ILogger<SchedulerWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Scheduler {Id} polls every {Interval}", scheduler.Id, options.CurrentValue.PollInterval);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await scheduler.RunDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // E.g. the database is away, or not migrated yet: try again at the next poll.
                logger.LogError(e, "Scheduler pass failed");
            }

            try
            {
                await Task.Delay(options.CurrentValue.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
