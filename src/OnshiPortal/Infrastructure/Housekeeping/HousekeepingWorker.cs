using Microsoft.Extensions.Options;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Infrastructure.Housekeeping;

/// <summary><c>Housekeeping</c>: how often the clean-up runs on each node.</summary>
public sealed class HousekeepingOptions
{
    public const string Section = "Housekeeping";

    public double IntervalMinutes { get; set; } = 60;

    /// <summary>False: this node does not clean up (another does). Running on every node is safe, only redundant.</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>
/// Runs every <see cref="IHousekeepingTask"/> now and then. Any number of nodes may run it: the tasks are
/// idempotent and work in bounded batches, so there is no leader to elect and no lock to hold.
/// </summary>
public sealed class HousekeepingWorker(
    IServiceScopeFactory scopes,
    IOptions<HousekeepingOptions> options,
    TimeProvider clock,
    ILogger<HousekeepingWorker> logger) : BackgroundService
{
    /// <summary>One pass of every task; a failing task is logged and does not stop the others. Returns the rows per task.</summary>
    public async Task<IReadOnlyDictionary<string, int>> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var done = new Dictionary<string, int>();
        foreach (var task in scope.ServiceProvider.GetServices<IHousekeepingTask>())
        {
            try
            {
                done[task.Name] = await task.RunAsync(db, clock.GetUtcNow(), cancellationToken);
                if (done[task.Name] > 0)
                {
                    logger.LogInformation("Housekeeping: {Task}: {Rows} rows", task.Name, done[task.Name]);
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Housekeeping task {Task} failed; it runs again at the next pass", task.Name);
            }
        }

        return done;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Nodes started together should not clean up together: a random first wait of up to one interval.
        var interval = TimeSpan.FromMinutes(Math.Max(1, options.Value.IntervalMinutes));
        var wait = TimeSpan.FromTicks((long)(interval.Ticks * Random.Shared.NextDouble()));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(wait, clock, stoppingToken);
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Housekeeping pass failed");
            }

            wait = interval;
        }
    }
}
