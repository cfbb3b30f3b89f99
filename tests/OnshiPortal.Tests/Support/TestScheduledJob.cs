using System.Collections.Concurrent;
using OnshiPortal.Infrastructure.Scheduling;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// The scheduler's job in the tests (the product's jobs are the features'): records each occurrence it runs in its
/// <see cref="TestJobLog"/>, which nodes of one test share, so that "exactly once" is counted across nodes.
/// </summary>
public sealed class TestScheduledJob(TestJobLog log) : IScheduledJob
{
    public const string JobName = "test-job";

    public string Name => JobName;

    public async Task<ScheduledJobResult> RunAsync(ScheduledOccurrence occurrence, CancellationToken cancellationToken)
    {
        log.Runs.Enqueue(occurrence);
        if (log.Delay > TimeSpan.Zero)
        {
            await Task.Delay(log.Delay, cancellationToken);
        }

        if (log.Fails?.Invoke(occurrence) == true)
        {
            throw new InvalidOperationException("Host=db.internal;Password=secret");
        }

        return new ScheduledJobResult($"sent {log.Runs.Count}, skipped 0");
    }
}

/// <summary>What <see cref="TestScheduledJob"/> ran, and how it behaves.</summary>
public sealed class TestJobLog
{
    public ConcurrentQueue<ScheduledOccurrence> Runs { get; } = new();

    /// <summary>How long each run works (a wider window for two nodes to collide in).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Which occurrences throw.</summary>
    public Func<ScheduledOccurrence, bool>? Fails { get; set; }
}
