using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using OnshiPortal.Infrastructure.Mail;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace OnshiPortal.Bench;

/// <summary>
/// Mails a second from the portal's SMTP transport to an SMTP server on loopback (the SmtpServer package, as in the
/// tests), the two ways in the same run, alternating: one connection a mail (connect, EHLO, MAIL, RCPT, DATA, QUIT:
/// the transport's code before, copied here) and the worker's connection reused across its claimed batches of 50
/// (<see cref="OutboxClaim.BatchSize"/>), a new one after 100 mails. Real activation mails (Japanese, text and HTML).
/// </summary>
public static class SmtpBench
{
    public static async Task<int> RunAsync(int count, int rounds)
    {
        var port = FreePort();
        var received = 0;
        using var stop = new CancellationTokenSource();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new CountingStore(() => Interlocked.Increment(ref received)));
        var server = new SmtpServer.SmtpServer(new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build(), services);
        var running = server.StartAsync(stop.Token);

        var options = new MailOptions { Smtp = { Host = "127.0.0.1", Port = port, UseStartTls = false } };
        var transport = new SmtpMailTransport(Options.Create(options));
        var messages = Enumerable.Range(1, count).Select(i => MailMessageFactory.Create(new OutboxMessage
        {
            Id = i,
            To = $"user{i}@clinic.example",
            Subject = "【医療機関等向けポータルサイト】アカウント登録のご確認",
            TextBody = string.Concat(Enumerable.Repeat("さくら内科 ご担当者様\n下記のリンクからアカウント登録を完了してください。\nhttps://portal.example.jp/activation/complete?token=0123456789abcdef\n", 6)),
            HtmlBody = "<p>さくら内科 ご担当者様</p><p><a href=\"https://portal.example.jp/activation/complete?token=0123456789abcdef\">登録を完了する</a></p>",
            CreatedAt = DateTimeOffset.UtcNow,
        }, options)).ToList();

        // A warm-up of each, not counted: JIT, the server's first sessions.
        await BeforeAsync(options, messages.Take(50).ToList());
        await ReusedConnectionAsync(transport, messages.Take(50).ToList());

        var before = new List<double>();
        var after = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            before.Add(await RateAsync(count, () => BeforeAsync(options, messages)));
            after.Add(await RateAsync(count, () => ReusedConnectionAsync(transport, messages)));
        }

        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
            // stopped
        }

        var expected = 100 + (2 * rounds * count);
        Console.WriteLine($"mails: {count} a run, {rounds} rounds each way, alternating; received {received} of {expected}");
        Line("before: a new connection a mail", before);
        Line("after: the worker's reused connection", after);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"ratio after / before",-40} {Median(after) / Median(before),8:0.0}x"));
        return received == expected ? 0 : 1;
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

    private static void Line(string label, List<double> rates) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{label,-40} {Median(rates),8:0} mails/s   runs: {string.Join(", ", rates.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))}"));

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
