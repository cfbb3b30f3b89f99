using System.Globalization;
using OnshiPortal.Infrastructure.Scheduling;

namespace OnshiPortal.Features.PostalLetters;

/// <summary>
/// The working day's close of the print queue by the scheduler (<c>Scheduler:Jobs:print-batches</c>, weekdays 16:00 in
/// Japan by default), so that the printing role finds the day's batch ready on <c>/operator/letters</c> (or writes it
/// with <c>post batch --out</c>). Closing only marks the letters; the files are made when the batch is downloaded or
/// written, from what the database holds. A rerun finds nothing waiting.
/// </summary>
public sealed class PrintBatchJob(PrintBatches batches) : IScheduledJob
{
    public const string JobName = "print-batches";

    /// <summary>Who closed a batch, in its record and the audit.</summary>
    public const string Actor = "scheduler";

    public string Name => JobName;

    public async Task<ScheduledJobResult> RunAsync(ScheduledOccurrence occurrence, CancellationToken cancellationToken)
    {
        var batch = await batches.CloseAsync(Actor, cancellationToken);
        return new(batch is { } id ? string.Create(CultureInfo.InvariantCulture, $"closed print batch {id}") : "no letter waiting");
    }
}
