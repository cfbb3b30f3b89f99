using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Infrastructure.Mail;

/// <summary>
/// Puts mails in the outbox. Only adds the row to the caller's context: the caller's SaveChanges (and its
/// transaction) commits the mail together with the change that causes it, or neither.
/// </summary>
public sealed class MailOutbox(PortalDbContext db, TimeProvider clock)
{
    public void Enqueue(OutgoingMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);

        // A bad address fails the business change now, instead of becoming a mail that can never be sent.
        if (!MailAddresses.IsSendable(mail.To))
        {
            throw new ArgumentException($"Not a mail address: '{mail.To}'.", nameof(mail));
        }

        var attachments = mail.Attachments ?? [];
        if (attachments.Sum(a => (long)a.Content.Length) > OutboxAttachment.MaxBytes)
        {
            throw new ArgumentException($"The attachments of a mail may not exceed {OutboxAttachment.MaxBytes} bytes.", nameof(mail));
        }

        var now = clock.GetUtcNow();
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            To = mail.To,
            Subject = mail.Subject,
            Template = mail.Template,
            TextBody = mail.TextBody,
            HtmlBody = mail.HtmlBody,
            CreatedAt = now,
            NextAttemptAt = now,
            Attachments = [.. attachments.Select(a => new OutboxAttachment { FileName = a.FileName, ContentType = a.ContentType, Content = a.Content })],
        });
    }
}
