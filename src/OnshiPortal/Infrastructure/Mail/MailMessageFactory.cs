using MimeKit;
using MimeKit.Text;

namespace OnshiPortal.Infrastructure.Mail;

/// <summary>Turns an outbox row into the MIME message that every transport sends.</summary>
public static class MailMessageFactory
{
    public static MimeMessage Create(OutboxMessage mail, MailOptions options)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(options);
        var from = MailboxAddress.Parse(options.From);
        var message = new MimeMessage
        {
            Subject = mail.Subject,
            Date = mail.CreatedAt,

            // Derived from the row, so that a mail sent twice (the at-least-once edge, see OutboxWorker) carries the
            // same Message-Id both times and a receiving system can drop the copy.
            MessageId = $"outbox.{mail.Id}.{mail.CreatedAt.UtcTicks}@{from.Domain}",
        };
        message.From.Add(from);
        if (!string.IsNullOrWhiteSpace(options.ReplyTo))
        {
            message.ReplyTo.Add(MailboxAddress.Parse(options.ReplyTo));
        }

        message.To.Add(MailboxAddress.Parse(mail.To));

        var text = Part(TextFormat.Plain, mail.TextBody);
        MimeEntity body = mail.HtmlBody is null
            ? text
            : new MultipartAlternative { text, Part(TextFormat.Html, mail.HtmlBody) };
        if (mail.Attachments.Count > 0)
        {
            var mixed = new Multipart("mixed") { body };
            foreach (var attachment in mail.Attachments)
            {
                mixed.Add(new MimePart(ContentType.Parse(attachment.ContentType))
                {
                    Content = new MimeContent(new MemoryStream(attachment.Content, writable: false)),
                    ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
                    ContentTransferEncoding = ContentEncoding.Base64,
                    FileName = attachment.FileName,
                });
            }

            body = mixed;
        }

        message.Body = body;
        return message;
    }

    // UTF-8 in base64: Japanese text is a third larger in base64 but three times larger in quoted-printable, and
    // base64 passes every relay, 8-bit clean or not. Headers are encoded by MimeKit (RFC 2047) when written.
    private static TextPart Part(TextFormat format, string body)
    {
        var part = new TextPart(format) { ContentTransferEncoding = ContentEncoding.Base64 };
        part.SetText("utf-8", body);
        return part;
    }
}
