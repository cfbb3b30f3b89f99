using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Infrastructure.Mail;

/// <summary>A mail given up after its last try, as the admin's page shows it (never its body).</summary>
public sealed record DeadLetter(long Id, string To, string Subject, string? Template, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset DeadAt, string? LastError);

/// <summary>The dead letters of the outbox (<see cref="OutboxMessage.DeadAt"/>) and their requeue (再送).</summary>
public sealed class DeadLetters(PortalDbContext db, AuditTrail audit, TimeProvider clock)
{
    /// <summary>Rows shown at once: more dead letters than this is an outage to fix, not a list to read.</summary>
    public const int Limit = 200;

    public Task<int> CountAsync(CancellationToken cancellationToken) =>
        db.Set<OutboxMessage>().CountAsync(m => m.DeadAt != null && m.SentAt == null, cancellationToken);

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(CancellationToken cancellationToken) =>
        await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.DeadAt != null && m.SentAt == null)
            .OrderByDescending(m => m.Id)
            .Take(Limit)
            .Select(m => new DeadLetter(m.Id, m.To, m.Subject, m.Template, m.Attempts, m.CreatedAt, m.DeadAt!.Value, m.LastError))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Puts a dead letter back in the queue with a fresh count of tries. False when it is not dead (already
    /// requeued by someone else, or unknown): one conditional update, so two admins clicking at once requeue once.
    /// </summary>
    public async Task<bool> RequeueAsync(long id, string actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var changed = await db.Set<OutboxMessage>().Where(m => m.Id == id && m.DeadAt != null && m.SentAt == null).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.DeadAt, (DateTimeOffset?)null)
            .SetProperty(m => m.Attempts, 0)
            .SetProperty(m => m.NextAttemptAt, now), cancellationToken);
        if (changed == 0)
        {
            return false;
        }

        var template = await db.Set<OutboxMessage>().Where(m => m.Id == id).Select(m => m.Template).SingleAsync(cancellationToken);
        audit.Record("mail.requeued", actor, null, new { outboxId = id, template });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
