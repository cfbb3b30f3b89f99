using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Observability;

namespace OnshiPortal.Infrastructure.Mail;

/// <summary>
/// Sends the outbox: claims a batch of due mails (<see cref="OutboxClaim"/>), sends each and marks it sent at once;
/// a failure is retried after a back-off. Safe with any number of workers on any number of nodes.
/// <para>
/// Delivery is at least once. A worker killed after its claim leaves a lease that expires (<see cref="Lease"/>),
/// then another worker sends the mail: nothing is lost. A worker killed between a send and its mark (a few
/// milliseconds) leaves a mail that is sent again after the lease; its Message-Id is the same both times.
/// </para>
/// </summary>
public sealed class OutboxWorker(
    IServiceScopeFactory scopes,
    IMailTransport transport,
    IOptions<MailOptions> options,
    PublicAddress publicAddress,
    TimeProvider clock,
    PortalMetrics metrics,
    ILogger<OutboxWorker> logger) : BackgroundService
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>No send starts this close to the lease's end, so that a send finishes before another worker may take the mail.</summary>
    public static readonly TimeSpan LeaseMargin = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan LongestRetry = TimeSpan.FromHours(1);

    private long passes;

    private DateTimeOffset lastRefusalLogged = DateTimeOffset.MinValue;

    /// <summary>This worker, unique per instance: the claim token of each pass starts with it.</summary>
    public string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>The wait after the n-th failure with the default retry settings: 30 s, 1 min, 2 min, ... at most 1 h.</summary>
    public static TimeSpan Backoff(int attempts) => Backoff(attempts, FirstRetry, LongestRetry);

    /// <summary>The wait after the n-th failure: <paramref name="first"/>, doubling each time, at most <paramref name="longest"/>.</summary>
    public static TimeSpan Backoff(int attempts, TimeSpan first, TimeSpan longest) =>
        TimeSpan.FromTicks((long)Math.Min(longest.Ticks, first.Ticks * Math.Pow(2, Math.Max(0, attempts - 1))));

    /// <summary>One pass: claims up to a batch of due mails and sends them. Returns how many were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        await using var connection = transport.OpenBatch();
        return await SendDueAsync(connection, cancellationToken);
    }

    /// <summary>One pass on the worker's open connection (<see cref="IMailTransport.OpenBatch"/>), which the next pass may reuse.</summary>
    private async Task<int> SendDueAsync(IMailBatch connection, CancellationToken cancellationToken)
    {
        // A mail whose links lead nowhere is worse than a late one: they wait, unclaimed, until Mail:BaseUrl is set.
        if (publicAddress.Problem is not null)
        {
            if (clock.GetUtcNow() - lastRefusalLogged > TimeSpan.FromMinutes(5))
            {
                lastRefusalLogged = clock.GetUtcNow();
                logger.LogCritical("No mail is sent: Mail:BaseUrl ({BaseUrl}) is not a public https address. Mails wait in the outbox until it is set.", options.Value.BaseUrl);
            }

            return 0;
        }

        var token = $"{Id}#{Interlocked.Increment(ref passes)}";
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var leaseEnd = clock.GetUtcNow() + Lease;
        var batch = await OutboxClaim.ClaimAsync(db, token, clock.GetUtcNow(), leaseEnd, cancellationToken);
        if (batch.Count == 0)
        {
            return 0;
        }

        var sent = 0;
        try
        {
            foreach (var mail in batch)
            {
                if (cancellationToken.IsCancellationRequested || clock.GetUtcNow() + LeaseMargin >= leaseEnd)
                {
                    break; // the rest is released below, for the next pass
                }

                if (await TrySendAsync(db, connection, mail, cancellationToken))
                {
                    sent++;
                }
            }
        }
        finally
        {
            await ReleaseAsync(db, token);
        }

        return sent;
    }

    private async Task<bool> TrySendAsync(PortalDbContext db, IMailBatch connection, OutboxMessage mail, CancellationToken cancellationToken)
    {
        // The span names the mail by its outbox id only: an address is personal data and stays out of traces.
        using var span = PortalMetrics.Tracing.StartActivity("mail.send");
        span?.SetTag("onshi.outbox.id", mail.Id);
        span?.SetTag("onshi.outbox.attempt", mail.Attempts + 1);
        var message = MailMessageFactory.Create(mail, options.Value);
        try
        {
            await connection.SendAsync(mail.Id, message, cancellationToken);
            metrics.MailSent();
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.MailFailed();
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            var attempts = mail.Attempts + 1;
            var retry = options.Value.Retry;
            var next = clock.GetUtcNow() + Backoff(attempts, TimeSpan.FromSeconds(retry.FirstSeconds), TimeSpan.FromSeconds(retry.LongestSeconds));
            var error = Truncate($"{ex.GetType().Name}: {ex.Message}");

            // After the last try the mail is a dead letter for an admin to look at (and requeue), not retried for ever.
            DateTimeOffset? dead = attempts >= Math.Max(1, retry.MaxAttempts) ? clock.GetUtcNow() : null;

            // The outbox id and the Message-Id name the mail; the recipient's address is personal data and stays out
            // of logs, also where the relay's answer quotes it (MailLog: the exception is described, not logged).
            var why = MailLog.Describe(ex);
            if (dead is null)
            {
                logger.LogWarning("Mail {Id} ({MessageId}) failed (attempt {Attempts}); next try at {Next}: {Error}", mail.Id, message.MessageId, attempts, next, why);
            }
            else
            {
                logger.LogError("Mail {Id} ({MessageId}) failed {Attempts} times and is given up (dead letter): {Error}", mail.Id, message.MessageId, attempts, why);
                metrics.MailDead();
            }

            await db.Set<OutboxMessage>().Where(m => m.Id == mail.Id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.NextAttemptAt, next)
                .SetProperty(m => m.LastError, error)
                .SetProperty(m => m.DeadAt, dead)
                .SetProperty(m => m.ClaimedBy, (string?)null)
                .SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
            return false;
        }

        // Marked at once, and even when stopping: the shorter the time between the send and the mark, the smaller
        // the chance of a second copy. The same update empties the bodies: the links in them (activation,
        // registration, reset, e-mail change) must not outlive the send in the database or its backups.
        var now = clock.GetUtcNow();
        await db.Set<OutboxMessage>().Where(m => m.Id == mail.Id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.SentAt, now)
            .SetProperty(m => m.MessageId, message.MessageId)
            .SetProperty(m => m.TextBody, string.Empty)
            .SetProperty(m => m.HtmlBody, (string?)null)
            .SetProperty(m => m.ClaimedBy, (string?)null)
            .SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);

        // The attachments after the mark, not before: a crash between leaves files that go with the row at the end of
        // its retention (cascade), never a mail sent again without them.
        if (mail.Attachments.Count > 0)
        {
            await db.Set<OutboxAttachment>().Where(a => a.OutboxMessageId == mail.Id).ExecuteDeleteAsync(CancellationToken.None);
        }

        return true;
    }

    /// <summary>Frees what this pass claimed but did not send, so that it need not wait for the lease to expire.</summary>
    private async Task ReleaseAsync(PortalDbContext db, string token)
    {
        try
        {
            await db.Set<OutboxMessage>().Where(m => m.ClaimedBy == token).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.ClaimedBy, (string?)null)
                .SetProperty(m => m.ClaimedUntil, (DateTimeOffset?)null), CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The lease expires by itself; nothing is lost.
            logger.LogWarning(ex, "Could not release the claim {Token}", token);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // One connection for this worker while there is mail to send, closed (QUIT) as soon as a pass finds none:
        // a relay need not keep an idle client, and the next mail after a quiet spell connects afresh.
        IMailBatch? connection = null;
        try
        {
            await RunAsync(stoppingToken);
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }

        async Task RunAsync(CancellationToken stoppingToken)
        {
            var poll = TimeSpan.FromSeconds(options.Value.PollSeconds);
            while (!stoppingToken.IsCancellationRequested)
            {
                var sent = 0;
                try
                {
                    connection ??= transport.OpenBatch();
                    sent = await SendDueAsync(connection, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // E.g. the database is away, or not migrated yet on a PostgreSQL node: try again at the next poll.
                    logger.LogError(ex, "Outbox pass failed");
                }

                if (sent > 0)
                {
                    continue; // there may be more at once, on the same connection
                }

                if (connection is not null)
                {
                    await connection.DisposeAsync();
                    connection = null;
                }
                try
                {
                    await Task.Delay(poll, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static string Truncate(string text) =>
        text.Length <= OutboxMessageConfiguration.ErrorLength ? text : text[..OutboxMessageConfiguration.ErrorLength];
}
