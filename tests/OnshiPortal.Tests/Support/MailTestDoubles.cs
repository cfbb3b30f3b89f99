using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using OnshiPortal.Infrastructure.Mail;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace OnshiPortal.Tests.Support;

/// <summary>A transport that records what it was given, and fails while <see cref="Failing"/> is set.</summary>
public sealed class RecordingMailTransport : IMailTransport
{
    public ConcurrentQueue<(long Id, MimeMessage Message)> Sent { get; } = new();

    public bool Failing { get; set; }

    public int Calls => calls;

    private int calls;

    public async Task SendAsync(long outboxId, MimeMessage message, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref calls);

        // Lets concurrent workers interleave, as a network send would.
        await Task.Yield();
        if (Failing)
        {
            throw new IOException("接続できません (test)");
        }

        Sent.Enqueue((outboxId, message));
    }
}

/// <summary>
/// A real SMTP server (the SmtpServer package) on loopback, keeping every message it receives; Nagle off on its
/// connections (<see cref="NoDelaySmtpListenerFactory"/>).
/// </summary>
public sealed class LoopbackSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private Task running = Task.CompletedTask;

    private LoopbackSmtpServer(int port) => Port = port;

    public int Port { get; }

    public ConcurrentQueue<(MimeMessage Message, string Raw)> Received { get; } = new();

    /// <summary>SMTP sessions (connections) the server has accepted.</summary>
    public int Sessions => sessions;

    private int sessions;

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Starts on the given port and returns once it accepts connections.</summary>
    public static async Task<LoopbackSmtpServer> StartAsync(int port)
    {
        var server = new LoopbackSmtpServer(port);
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new CapturingStore(server.Received));
        services.Add(new NoDelaySmtpListenerFactory()); // else about 45 ms a mail: see the factory
        var smtp = new SmtpServer.SmtpServer(options, services);
        smtp.SessionCreated += (_, _) => Interlocked.Increment(ref server.sessions);
        server.running = smtp.StartAsync(server.stop.Token);

        for (var tries = 0; ; tries++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);

                // The server's greeting: its session (counted in Sessions) exists by then. Returning at the connect
                // left the count racing the caller's first read of Sessions (a flaky MailTransportTests under load).
                var greeting = new byte[512];
                _ = await probe.GetStream().ReadAsync(greeting);
                return server;
            }
            catch (SocketException) when (tries < 100)
            {
                await Task.Delay(50);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        stop.Dispose();
    }

    private sealed class CapturingStore(ConcurrentQueue<(MimeMessage, string)> received) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            var bytes = buffer.ToArray();
            using var stream = new MemoryStream(bytes);
            received.Enqueue((await MimeMessage.LoadAsync(stream, cancellationToken), System.Text.Encoding.ASCII.GetString(bytes)));
            return SmtpResponse.Ok;
        }
    }
}
