using MimeKit;

namespace OnshiPortal.Infrastructure.Mail;

/// <summary>Delivers one finished message. Throws when it was not delivered, so that the worker retries it.</summary>
public interface IMailTransport
{
    /// <param name="outboxId">The outbox row: names the pickup file and the log lines.</param>
    Task SendAsync(long outboxId, MimeMessage message, CancellationToken cancellationToken);
}
