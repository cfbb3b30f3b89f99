using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace OnshiPortal.Infrastructure.Mail;

/// <summary>
/// Sends through the SMTP relay of <c>Mail:Smtp</c> with MailKit. A worker's batch (<see cref="OpenBatch"/>) keeps one
/// connection for its mails: connecting, STARTTLS and AUTH cost several round trips and a TLS handshake, more than a
/// small mail's own transaction. A lone <see cref="SendAsync"/> connects for the one mail.
/// </summary>
public sealed class SmtpMailTransport(IOptions<MailOptions> options, TimeProvider clock) : IMailTransport
{
    /// <summary>Well inside the worker's lease, so that a hung server cannot let a second worker send the same mail.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>A connection unused this long is checked with NOOP before its next mail (relays drop idle clients).</summary>
    public static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(5);

    public SmtpMailTransport(IOptions<MailOptions> options)
        : this(options, TimeProvider.System)
    {
    }

    public async Task SendAsync(long outboxId, MimeMessage message, CancellationToken cancellationToken)
    {
        await using var batch = OpenBatch();
        await batch.SendAsync(outboxId, message, cancellationToken);
    }

    public IMailBatch OpenBatch() => new Connection(options.Value.Smtp, clock);

    /// <summary>
    /// One worker's connection: opened at its first mail, checked with NOOP after a pause, opened anew after any
    /// failure (a failed mail leaves the connection in an unknown state) and after
    /// <see cref="SmtpOptions.MessagesPerConnection"/> mails (relays cap them), ended with QUIT when disposed.
    /// Delivery stays as the outbox has it: each mail is marked sent after its own send, one failure fails that
    /// mail alone, and a retried mail keeps its Message-Id.
    /// </summary>
    private sealed class Connection(SmtpOptions smtp, TimeProvider clock) : IMailBatch
    {
        private SmtpClient? client;
        private int sentOnConnection;
        private DateTimeOffset lastUsed;

        public async Task SendAsync(long outboxId, MimeMessage message, CancellationToken cancellationToken)
        {
            try
            {
                var ready = await ReadyClientAsync(cancellationToken);
                await ready.SendAsync(message, cancellationToken);
                sentOnConnection++;
                lastUsed = clock.GetUtcNow();
            }
            catch
            {
                Drop();
                throw;
            }
        }

        private async Task<SmtpClient> ReadyClientAsync(CancellationToken cancellationToken)
        {
            if (client is { IsConnected: true } open && sentOnConnection < Math.Max(1, smtp.MessagesPerConnection))
            {
                if (clock.GetUtcNow() - lastUsed < IdleCheck)
                {
                    return open;
                }

                try
                {
                    await open.NoOpAsync(cancellationToken);
                    return open;
                }
                catch (Exception ex) when (ex is IOException or SmtpCommandException or SmtpProtocolException)
                {
                    // The relay closed it meanwhile: a new one below; no mail was on the wire.
                }
            }

            await QuitAsync();
            var host = smtp.Host ?? throw new InvalidOperationException("Mail:Smtp:Host is not set.");
            var fresh = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
            client = fresh;
            sentOnConnection = 0;
            var socket = await ConnectNoDelayAsync(host, smtp.Port, cancellationToken);
            try
            {
                await fresh.ConnectAsync(socket, host, smtp.Port, smtp.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken);
            }
            catch
            {
                // MailKit may fail (greeting, STARTTLS) before it has taken the socket over: closing it twice is harmless.
                socket.Dispose();
                throw;
            }

            if (!string.IsNullOrEmpty(smtp.User))
            {
                await fresh.AuthenticateAsync(smtp.User, smtp.Password ?? string.Empty, cancellationToken);
            }

            lastUsed = clock.GetUtcNow();
            return fresh;
        }

        /// <summary>
        /// The TCP connection, opened here rather than by MailKit to switch off Nagle's algorithm: MailKit writes a
        /// mail larger than its 4 KiB buffer in several writes, and Nagle holds the last one back until the relay
        /// acknowledges the one before, which a relay's delayed ACK (40 ms on Linux) postpones: about 45 ms a mail
        /// (docs/benchmarks.md, SMTP). MailKit owns the socket once connected over it (closes it when disposed).
        /// </summary>
        private static async Task<Socket> ConnectNoDelayAsync(string host, int port, CancellationToken cancellationToken)
        {
            // Dual mode where the system has IPv6; the host name is tried address by address as MailKit would.
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(Timeout);
                await socket.ConnectAsync(host, port, timeout.Token);
                return socket;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                throw new TimeoutException($"No connection to the SMTP relay {host}:{port} within {Timeout.TotalSeconds} s.");
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        private async Task QuitAsync()
        {
            if (client is null)
            {
                return;
            }

            try
            {
                if (client.IsConnected)
                {
                    using var quit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await client.DisconnectAsync(quit: true, quit.Token);
                }
            }
            catch (Exception ex) when (ex is IOException or SmtpCommandException or SmtpProtocolException or OperationCanceledException)
            {
                // Closing politely is a courtesy; the socket is closed below either way.
            }
            finally
            {
                Drop();
            }
        }

        private void Drop()
        {
            client?.Dispose();
            client = null;
        }

        public async ValueTask DisposeAsync() => await QuitAsync();
    }
}
