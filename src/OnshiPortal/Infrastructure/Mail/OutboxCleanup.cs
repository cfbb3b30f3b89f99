using Microsoft.Extensions.Options;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Housekeeping;

namespace OnshiPortal.Infrastructure.Mail;

/// <summary>Deletes the record of a sent mail (its body is already gone) after <see cref="MailRetentionOptions.SentDays"/>.</summary>
internal sealed class OutboxCleanup(IOptions<MailOptions> options) : IHousekeepingTask
{
    public string Name => "sent mails";

    public Task<int> RunAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = now - TimeSpan.FromDays(Math.Max(1, options.Value.Retention.SentDays));
        return Batches.DeleteAsync(db.Set<OutboxMessage>().Where(m => m.SentAt != null && m.SentAt < before).OrderBy(m => m.Id), cancellationToken);
    }
}
