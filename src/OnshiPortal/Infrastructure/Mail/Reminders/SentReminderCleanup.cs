using Microsoft.Extensions.Options;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Housekeeping;

namespace OnshiPortal.Infrastructure.Mail.Reminders;

/// <summary>
/// Deletes the record of a reminder after <see cref="MailRetentionOptions.RemindersDays"/>: one row per reminder and
/// institution or person, which would otherwise grow by every deadline, letter, draft and week for as long as the
/// portal runs.
/// </summary>
internal sealed class SentReminderCleanup(IOptions<MailOptions> options) : IHousekeepingTask
{
    public string Name => "sent reminders' records";

    public Task<int> RunAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = now - TimeSpan.FromDays(Math.Max(MailRetentionOptions.LeastRemindersDays, options.Value.Retention.RemindersDays));
        // In key order: rows are added as time goes, so the old ones are the first keys and a batch finds them
        // without an index on SentAt.
        return Batches.DeleteAsync(db.Set<SentReminder>().Where(r => r.SentAt < before).OrderBy(r => r.Id), cancellationToken);
    }
}
