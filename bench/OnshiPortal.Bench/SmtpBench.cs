using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Tests.Support;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace OnshiPortal.Bench;

/// <summary>
/// Mails a second from the portal's SMTP transport to an SMTP server on loopback (the SmtpServer package, with the
/// tests' listener that switches Nagle off on its connections: <see cref="NoDelaySmtpListenerFactory"/>), the ways
/// to compare in the same run, alternating. One connection a mail (connect, EHLO, MAIL, RCPT, DATA, QUIT: the
/// transport's code before, copied here) against the worker's connection reused across its claimed batches of 50
/// (<see cref="OutboxClaim.BatchSize"/>), a new one after 100 mails, with real activation mails (Japanese, text and
/// HTML). Then a long mail (over MailKit's 4 KiB write buffer) on one reused connection, opened by MailKit (Nagle on,
/// the transport before) against the transport (Nagle off). Last, one short round of the first pair against the
/// package's own listener, which costs about 45 ms a mail whichever way (the figures before the cause was found).
/// </summary>
public static class SmtpBench
{
    public static async Task<int> RunAsync(int count, int rounds)
    {
        var received = 0;
        using var stop = new CancellationTokenSource();
        var (port, running) = StartServer(noDelay: true, () => Interlocked.Increment(ref received), stop.Token);
        var (naglePort, nagleRunning) = StartServer(noDelay: false, () => Interlocked.Increment(ref received), stop.Token);

        var options = Relay(port);
        var transport = new SmtpMailTransport(Options.Create(options));
        var activation = Mails(count, options, repeat: 6);
        var longMails = Mails(count, options, repeat: 40);

        // A warm-up of each, not counted: JIT, the server's first sessions.
        await BeforeAsync(options, activation.Take(50).ToList());
        await ReusedConnectionAsync(transport, activation.Take(50).ToList());
        await MailKitConnectionAsync(options, longMails.Take(50).ToList());
        var warmUp = 150;

        var before = new List<double>();
        var after = new List<double>();
        var longNagle = new List<double>();
        var longNoDelay = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            before.Add(await RateAsync(count, () => BeforeAsync(options, activation)));
            after.Add(await RateAsync(count, () => ReusedConnectionAsync(transport, activation)));
            longNagle.Add(await RateAsync(count, () => MailKitConnectionAsync(options, longMails)));
            longNoDelay.Add(await RateAsync(count, () => ReusedConnectionAsync(transport, longMails)));
        }

        // Against the package's own listener: ~45 ms a mail, so a short round only.
        var slowCount = Math.Min(count, 100);
        var nagleOptions = Relay(naglePort);
        var nagleTransport = new SmtpMailTransport(Options.Create(nagleOptions));
        var slowBefore = new List<double> { await RateAsync(slowCount, () => BeforeAsync(nagleOptions, activation.Take(slowCount).ToList())) };
        var slowAfter = new List<double> { await RateAsync(slowCount, () => ReusedConnectionAsync(nagleTransport, activation.Take(slowCount).ToList())) };

        await stop.CancelAsync();
        foreach (var server in new[] { running, nagleRunning })
        {
            try
            {
                await server;
            }
            catch (OperationCanceledException)
            {
                // stopped
            }
        }

        var expected = warmUp + (4 * rounds * count) + (2 * slowCount);
        Console.WriteLine($"mails: {count} a run, {rounds} rounds each way, alternating; received {received} of {expected}");
        Console.WriteLine($"activation mail: {Size(activation[0])} bytes on the wire; long mail: {Size(longMails[0])} bytes");
        Console.WriteLine("server with Nagle off on its connections (the tests' listener):");
        Line("  before: a new connection a mail", before);
        Line("  after: the worker's reused connection", after);
        Ratio("  ratio after / before", after, before);
        Line("  long mail, reused, MailKit's connect", longNagle);
        Line("  long mail, reused, transport's connect", longNoDelay);
        Ratio("  ratio Nagle off / on (long mail)", longNoDelay, longNagle);
        Console.WriteLine($"the package's own listener (Nagle on), {slowCount} mails, one round:");
        Line("  before: a new connection a mail", slowBefore);
        Line("  after: the worker's reused connection", slowAfter);
        return received == expected ? 0 : 1;
    }

    private static (int Port, Task Running) StartServer(bool noDelay, Action received, CancellationToken stop)
    {
        var port = FreePort();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new CountingStore(received));
        if (noDelay)
        {
            services.Add(new NoDelaySmtpListenerFactory());
        }

        var server = new SmtpServer.SmtpServer(new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build(), services);
        return (port, server.StartAsync(stop));
    }

    private static MailOptions Relay(int port) => new() { Smtp = { Host = "127.0.0.1", Port = port, UseStartTls = false } };

    /// <summary>Activation mails; <paramref name="repeat"/> copies of the text paragraph (6: the real mail's length).</summary>
    private static List<MimeKit.MimeMessage> Mails(int count, MailOptions options, int repeat) => Enumerable.Range(1, count).Select(i => MailMessageFactory.Create(new OutboxMessage
    {
        Id = i,
        To = $"user{i}@clinic.example",
        Subject = "【医療機関等向けポータルサイト】アカウント登録のご確認",
        TextBody = string.Concat(Enumerable.Repeat("さくら内科 ご担当者様\n下記のリンクからアカウント登録を完了してください。\nhttps://portal.example.jp/activation/complete?token=0123456789abcdef\n", repeat)),
        HtmlBody = "<p>さくら内科 ご担当者様</p><p><a href=\"https://portal.example.jp/activation/complete?token=0123456789abcdef\">登録を完了する</a></p>",
        CreatedAt = DateTimeOffset.UtcNow,
    }, options)).ToList();

    private static long Size(MimeKit.MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.Length;
    }

    /// <summary>The transport as it was before (commit 5b04f14): a new MailKit connection for every mail.</summary>
    private static async Task BeforeAsync(MailOptions options, List<MimeKit.MimeMessage> messages)
    {
        foreach (var message in messages)
        {
            using var client = new MailKit.Net.Smtp.SmtpClient { Timeout = 30_000 };
            await client.ConnectAsync(options.Smtp.Host!, options.Smtp.Port, MailKit.Security.SecureSocketOptions.None, default);
            await client.SendAsync(message, default);
            await client.DisconnectAsync(quit: true, default);
        }
    }

    /// <summary>One connection for all the mails, opened by MailKit itself (Nagle on): how the transport connected before.</summary>
    private static async Task MailKitConnectionAsync(MailOptions options, List<MimeKit.MimeMessage> messages)
    {
        using var client = new MailKit.Net.Smtp.SmtpClient { Timeout = 30_000 };
        await client.ConnectAsync(options.Smtp.Host!, options.Smtp.Port, MailKit.Security.SecureSocketOptions.None, default);
        foreach (var message in messages)
        {
            await client.SendAsync(message, default);
        }

        await client.DisconnectAsync(quit: true, default);
    }

    /// <summary>As the worker sends: batches of 50 claimed mails, one connection kept from batch to batch.</summary>
    private static async Task ReusedConnectionAsync(SmtpMailTransport transport, List<MimeKit.MimeMessage> messages)
    {
        await using var connection = transport.OpenBatch();
        foreach (var batch in messages.Chunk(50))
        {
            foreach (var message in batch)
            {
                await connection.SendAsync(0, message, default);
            }
        }
    }

    private static async Task<double> RateAsync(int count, Func<Task> run)
    {
        GC.Collect();
        var watch = Stopwatch.StartNew();
        await run();
        return count / watch.Elapsed.TotalSeconds;
    }

    private static void Ratio(string label, List<double> after, List<double> before) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-44} {Median(after) / Median(before),8:0.0}x"));

    private static void Line(string label, List<double> rates) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{label,-44} {Median(rates),8:0} mails/s   runs: {string.Join(", ", rates.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))}"));

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class CountingStore(Action received) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            received();
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
