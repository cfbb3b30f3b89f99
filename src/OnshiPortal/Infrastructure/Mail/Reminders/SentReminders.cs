using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Infrastructure.Mail.Reminders;

/// <summary>
/// Sends a reminder once: the <see cref="SentReminder"/> row and the mails in one short transaction of their own,
/// so that any number of nodes may walk the same list and each subject is reminded once per occasion.
/// </summary>
public static class SentReminders
{
    /// <summary>
    /// Runs <paramref name="enqueue"/> (which puts the mails in the outbox on <paramref name="db"/> and says how many)
    /// and records the reminder, all or nothing; false when it had gone already (here or on another node).
    /// </summary>
    public static async Task<bool> SendOnceAsync(
        PortalDbContext db, string kind, string occasion, string subject, DateTimeOffset now, Func<CancellationToken, Task<int>> enqueue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(enqueue);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            if (await db.Set<SentReminder>().AnyAsync(r => r.Kind == kind && r.Occasion == occasion && r.Subject == subject, cancellationToken))
            {
                return false;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var reminder = new SentReminder { Kind = kind, Occasion = occasion, Subject = subject, SentAt = now };
            db.Add(reminder);
            reminder.Recipients = await enqueue(cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
            {
                // Another node sent it between the look and the insert: its mails stand, these are dropped.
                db.ChangeTracker.Clear();
                return false;
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        });
    }
}
