namespace OnshiPortal.Infrastructure.Scheduling;

/// <summary>
/// A recurring job, in its feature's folder, registered with <see cref="SchedulerSetup.AddScheduledJob{T}"/> from the
/// feature's own <c>AddX()</c>; its schedule is configuration (<c>Scheduler:Jobs:NAME</c>). Each occurrence runs once
/// across all nodes, but a run whose node died is taken over from the start by another node: a job must be
/// idempotent (a once-per-person table, a condition that leaves out what is already done).
/// </summary>
public interface IScheduledJob
{
    /// <summary>The job's name in configuration, on the page and on the command line (ASCII, e.g. <c>subsidy-reminders</c>).</summary>
    string Name { get; }

    /// <summary>Does the work of one occurrence; the short summary it returns is kept with the run ("sent 12, skipped 3").</summary>
    Task<ScheduledJobResult> RunAsync(ScheduledOccurrence occurrence, CancellationToken cancellationToken);
}

/// <summary>What the job is asked to do: the instant it stands for (UTC), and whether it is a retry after a crash.</summary>
/// <param name="At">The scheduled instant; for a manual run the instant it was asked for.</param>
/// <param name="Attempt">1 the first time; more when a node died during an earlier attempt.</param>
public sealed record ScheduledOccurrence(long RunId, string JobName, DateTimeOffset At, ScheduledTrigger Trigger, int Attempt, string? RequestedBy);

/// <summary>How a run ended well: a short summary for the page (counts, never personal data or secrets).</summary>
public sealed record ScheduledJobResult(string? Summary)
{
    public static readonly ScheduledJobResult Nothing = new((string?)null);
}

/// <summary>
/// A failure a job explains to the operator: its message is kept with the run as it is (Japanese, short, no
/// secrets). Any other exception is kept as its type only; its details go to the log.
/// </summary>
public sealed class ScheduledJobException(string message) : Exception(message);
