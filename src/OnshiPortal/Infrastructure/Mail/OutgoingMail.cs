namespace OnshiPortal.Infrastructure.Mail;

/// <summary>
/// A mail to put in the outbox. <paramref name="To"/> is one address, optionally with a display name;
/// <paramref name="Template"/> names what it was made from, for the record kept after sending;
/// <paramref name="Attachments"/> are files sent with it (a weekly report's CSV), kept only until it is sent.
/// </summary>
public sealed record OutgoingMail(string To, string Subject, string TextBody, string? HtmlBody, string? Template = null, IReadOnlyList<MailAttachment>? Attachments = null);

/// <summary>A file sent with a mail: its name as the recipient saves it, its media type, its bytes.</summary>
public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);
