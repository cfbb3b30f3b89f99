namespace OnshiPortal.Infrastructure.Mail;

/// <summary>The <c>Mail</c> section of the configuration.</summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    public string From { get; set; } = "医療機関等向けポータルサイト <no-reply@portal.example>";

    public string? ReplyTo { get; set; }

    /// <summary>The portal's public address, for the links in mails (a mail has no request to take it from).</summary>
    public string BaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>
    /// Lets a loopback or http <see cref="BaseUrl"/> through outside Development (see <see cref="PublicAddress"/>):
    /// for a test rig on one machine only.
    /// </summary>
    public bool AllowLocalBaseUrl { get; set; }

    /// <summary>Where mails go as .eml files when no SMTP host is set; relative to the current folder.</summary>
    public string PickupDirectory { get; set; } = "data/mail";

    /// <summary>How often the worker looks for due mails.</summary>
    public double PollSeconds { get; set; } = 2;

    public SmtpOptions Smtp { get; set; } = new();

    public MailWorkerOptions Worker { get; set; } = new();

    public MailRetryOptions Retry { get; set; } = new();

    public MailRetentionOptions Retention { get; set; } = new();

    /// <summary>An absolute link into the portal for a mail, e.g. <c>Link("/login")</c>.</summary>
    public string Link(string path) => BaseUrl.TrimEnd('/') + "/" + path.TrimStart('/');
}

/// <summary><c>Mail:Smtp</c>: set <see cref="Host"/> to send over SMTP instead of into the pickup folder.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public bool UseStartTls { get; set; } = true;

    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>Mails sent on one connection before a new one is opened (relays cap them, e.g. at 100).</summary>
    public int MessagesPerConnection { get; set; } = 100;
}

/// <summary><c>Mail:Worker</c>.</summary>
public sealed class MailWorkerOptions
{
    /// <summary>False leaves mails in the outbox for another node (or a test) to send.</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>
/// <c>Mail:Retry</c>: the wait after a failed send, doubling from <see cref="FirstSeconds"/> up to
/// <see cref="LongestSeconds"/>. The defaults suit a relay that is down for minutes or hours; a test of an outage
/// shortens them to run in seconds.
/// </summary>
public sealed class MailRetryOptions
{
    public double FirstSeconds { get; set; } = OutboxWorker.FirstRetry.TotalSeconds;

    public double LongestSeconds { get; set; } = OutboxWorker.LongestRetry.TotalSeconds;

    /// <summary>
    /// Failed sends after which a mail is a dead letter, shown to admins instead of retried for ever: with the
    /// default back-off, 10 tries span about five hours, long enough for a relay outage.
    /// </summary>
    public int MaxAttempts { get; set; } = 10;
}

/// <summary><c>Mail:Retention</c>: how long a sent mail's record (without its body) and a reminder's record are kept.</summary>
public sealed class MailRetentionOptions
{
    /// <summary>The least <see cref="RemindersDays"/> honoured, whatever is configured (see there).</summary>
    public const int LeastRemindersDays = 366;

    public int SentDays { get; set; } = 30;

    /// <summary>
    /// Days a <see cref="Reminders.SentReminder"/> is kept. Its row only has to outlive the window in which its
    /// occasion can come due again (the days before a deadline, before a letter's expiry, a draft's life, a week),
    /// each under a year; never less than <see cref="LeastRemindersDays"/>, so that no setting re-sends a reminder.
    /// </summary>
    public int RemindersDays { get; set; } = 400;
}
