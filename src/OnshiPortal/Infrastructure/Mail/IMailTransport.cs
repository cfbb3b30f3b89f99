using MimeKit;

namespace OnshiPortal.Infrastructure.Mail;

/// <summary>Delivers one finished message. Throws when it was not delivered, so that the worker retries it.</summary>
public interface IMailTransport
{
    /// <param name="outboxId">The outbox row: names the pickup file and the log lines.</param>
    Task SendAsync(long outboxId, MimeMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// A run of sends for one worker, which may share what is costly to set up (SMTP: one connection) until
    /// disposed. By default each send stands alone.
    /// </summary>
    IMailBatch OpenBatch() => new SingleSends(this);

    private sealed class SingleSends(IMailTransport transport) : IMailBatch
    {
        public Task SendAsync(long outboxId, MimeMessage message, CancellationToken cancellationToken) =>
            transport.SendAsync(outboxId, message, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>Sends of one worker in a row; disposing ends them (SMTP: QUIT).</summary>
public interface IMailBatch : IAsyncDisposable
{
    /// <summary>As <see cref="IMailTransport.SendAsync"/>: throws when the message was not delivered.</summary>
    Task SendAsync(long outboxId, MimeMessage message, CancellationToken cancellationToken);
}
