namespace OnshiPortal.Infrastructure.Mail;

/// <summary>
/// One mail waiting to be sent (or kept as sent). Written in the same transaction as the change that causes it,
/// so a mail exists exactly when its cause was committed; <see cref="OutboxWorker"/> sends it afterwards.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    public string To { get; set; } = string.Empty;

    public string Subject { get; set; } = string.Empty;

    public string TextBody { get; set; } = string.Empty;

    public string? HtmlBody { get; set; }

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

    /// <summary>The last failure, shortened to <see cref="OutboxMessageConfiguration.ErrorLength"/> characters.</summary>
    public string? LastError { get; set; }
}
