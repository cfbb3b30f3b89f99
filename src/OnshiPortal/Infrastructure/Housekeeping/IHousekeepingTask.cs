using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Infrastructure.Housekeeping;

/// <summary>
/// One kind of row that has outlived its use (sent mails, spent throttle counts, expired links), removed by
/// <see cref="HousekeepingWorker"/>. Each feature registers its own with <see cref="HousekeepingSetup.AddHousekeepingTask{T}"/>.
/// A task must be safe on any node at any time: idempotent conditions, bounded batches (<see cref="Batches"/>).
/// </summary>
public interface IHousekeepingTask
{
    /// <summary>For the log: what the task removes.</summary>
    string Name { get; }

    /// <summary>Removes (or scrubs) what is due at <paramref name="now"/>; returns how many rows.</summary>
    Task<int> RunAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken);
}
