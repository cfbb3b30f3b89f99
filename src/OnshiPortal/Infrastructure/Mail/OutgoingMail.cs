namespace OnshiPortal.Infrastructure.Mail;

/// <summary>
/// A mail to put in the outbox. <paramref name="To"/> is one address, optionally with a display name;
/// <paramref name="Template"/> names what it was made from, for the record kept after sending.
/// </summary>
public sealed record OutgoingMail(string To, string Subject, string TextBody, string? HtmlBody, string? Template = null);
