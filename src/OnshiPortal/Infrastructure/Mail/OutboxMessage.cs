namespace OnshiPortal.Infrastructure.Mail;

/// <summary>
/// One mail waiting to be sent (or kept as sent). Written in the same transaction as the change that causes it,
/// so a mail exists exactly when its cause was committed; <see cref="OutboxWorker"/> sends it afterwards.
/// <para>
/// Once sent, only what the audit needs stays (template, recipient, subject, Message-Id, time): the bodies are
/// emptied in the same update that marks the mail sent, because they hold one-time links (activation,
/// registration, password reset, e-mail change) that a backup must not hand out. <see cref="OutboxCleanup"/>
/// deletes sent rows after <see cref="MailRetentionOptions.SentDays"/>.
/// </para>
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    public string To { get; set; } = string.Empty;

    public string Subject { get; set; } = string.Empty;

    /// <summary>The template the mail was made from (<c>Activation/ActivationLink</c>), for the audit; null for mails not made from one.</summary>
    public string? Template { get; set; }

    public string TextBody { get; set; } = string.Empty;

    public string? HtmlBody { get; set; }

    /// <summary>Files sent with the mail; deleted as soon as it is marked sent, as the bodies are emptied.</summary>
    public List<OutboxAttachment> Attachments { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Failed sends so far.</summary>
    public int Attempts { get; set; }

    /// <summary>Not sent before this time (the back-off after a failure).</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>A worker's lease: until then no other worker takes the message. An expired lease is free again.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }

    /// <summary>The worker pass holding the lease.</summary>
    public string? ClaimedBy { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>The Message-Id the mail was sent with, so that a complaint about a received mail finds its row.</summary>
    public string? MessageId { get; set; }

    /// <summary>
    /// Given up after <see cref="MailRetryOptions.MaxAttempts"/> failures (a dead letter): no worker takes it again
    /// until an admin requeues it (/operator/mail/dead).
    /// </summary>
    public DateTimeOffset? DeadAt { get; set; }

    /// <summary>The last failure, shortened to <see cref="OutboxMessageConfiguration.ErrorLength"/> characters.</summary>
    public string? LastError { get; set; }
}
