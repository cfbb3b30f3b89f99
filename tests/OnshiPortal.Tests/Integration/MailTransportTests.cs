using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>The two transports with a real SMTP server on loopback and a real folder; no database.</summary>
public sealed class MailTransportTests
{
    private static readonly OutboxMessage Mail = new()
    {
        Id = 42,
        To = "山田 太郎 <yamada@sakura-clinic.example>",
        Subject = "【さくら内科】医療機関等向けポータルサイトのアカウント登録のご案内",
        TextBody = "さくら内科 ご担当者様\n\n下記のリンクから登録してください。\nhttps://portal.example/register\n",
        HtmlBody = "<p>さくら内科 ご担当者様</p><p><a href=\"https://portal.example/register\">登録する</a></p>",
        CreatedAt = new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public async Task Smtp_delivers_the_japanese_subject_and_both_parts_to_a_real_server()
    {
        await using var server = await LoopbackSmtpServer.StartAsync(LoopbackSmtpServer.FreePort());
        var options = new MailOptions
        {
            ReplyTo = "ポータルサイト窓口 <support@portal.example>",
            Smtp = { Host = "127.0.0.1", Port = server.Port, UseStartTls = false },
        };

        await new SmtpMailTransport(Options.Create(options)).SendAsync(Mail.Id, MailMessageFactory.Create(Mail, options), default);

        var (message, raw) = Assert.Single(server.Received);
        AssertIsTheMail(message);
        var replyTo = Assert.Single(message.ReplyTo.Mailboxes);
        Assert.Equal("ポータルサイト窓口", replyTo.Name);
        Assert.Equal("support@portal.example", replyTo.Address);

        // On the wire the headers are 7-bit: the Japanese subject as RFC 2047 encoded words.
        Assert.Contains("Subject: =?utf-8?", raw, StringComparison.OrdinalIgnoreCase);
        Assert.True(raw.All(c => c < 128), "the message on the wire is ASCII");
    }

    [Fact]
    public async Task A_batch_sends_its_mails_on_one_connection_up_to_the_cap_and_reconnects_after_a_failure()
    {
        var port = LoopbackSmtpServer.FreePort();
        var server = await LoopbackSmtpServer.StartAsync(port);
        var options = new MailOptions { Smtp = { Host = "127.0.0.1", Port = port, UseStartTls = false, MessagesPerConnection = 50 } };
        var transport = new SmtpMailTransport(Options.Create(options));
        var probes = server.Sessions; // the start-up's own probe connection
        MimeMessage MailNumber(long id) => MailMessageFactory.Create(new OutboxMessage { Id = id, To = $"u{id}@clinic.example", Subject = "件名", TextBody = "本文", CreatedAt = Mail.CreatedAt }, options);

        await using (var batch = transport.OpenBatch())
        {
            for (var id = 1; id <= 120; id++)
            {
                await batch.SendAsync(id, MailNumber(id), default);
            }
        }

        Assert.Equal(120, server.Received.Count);
        Assert.Equal(120, server.Received.Select(r => r.Message.MessageId).Distinct().Count());
        Assert.Equal(3, server.Sessions - probes); // 50 + 50 + 20

        // The relay restarts under an open connection: the mail on the dead connection fails (the outbox retries
        // it later), the next one goes out on a new connection.
        await using (var batch = transport.OpenBatch())
        {
            await batch.SendAsync(200, MailNumber(200), default);
            await server.DisposeAsync();
            server = await LoopbackSmtpServer.StartAsync(port);
            probes = server.Sessions;
            await Assert.ThrowsAnyAsync<Exception>(() => batch.SendAsync(201, MailNumber(201), default));
            await batch.SendAsync(202, MailNumber(202), default);
        }

        Assert.Equal("outbox.202." + Mail.CreatedAt.UtcTicks + "@portal.example", Assert.Single(server.Received).Message.MessageId);
        Assert.Equal(1, server.Sessions - probes);
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Pickup_writes_one_whole_eml_file_named_by_time_and_id()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("onshi-pickup-").FullName, "data", "mail");
        var options = new MailOptions { PickupDirectory = folder };
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 9, 30, 15, 123, TimeSpan.Zero));

        await new PickupDirectoryMailTransport(Options.Create(options), clock).SendAsync(Mail.Id, MailMessageFactory.Create(Mail, options), default);

        var file = Assert.Single(Directory.GetFiles(folder)); // and no temporary file left
        Assert.Equal("20261125T093015123Z-42.eml", Path.GetFileName(file));
        AssertIsTheMail(await MimeMessage.LoadAsync(file));
        Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(folder))!, recursive: true);
    }

    [Fact]
    public void A_text_only_mail_is_a_single_text_part()
    {
        var message = MailMessageFactory.Create(new OutboxMessage { Id = 1, To = "a@b.example", Subject = "件名", TextBody = "本文" }, new MailOptions());

        var part = Assert.IsType<TextPart>(message.Body);
        Assert.True(part.IsPlain);
        Assert.Equal("本文", part.Text);
        Assert.Empty(message.ReplyTo);
    }

    private static void AssertIsTheMail(MimeMessage message)
    {
        var from = Assert.Single(message.From.Mailboxes);
        Assert.Equal("医療機関等向けポータルサイト", from.Name);
        Assert.Equal("no-reply@portal.example", from.Address);
        var to = Assert.Single(message.To.Mailboxes);
        Assert.Equal("山田 太郎", to.Name);
        Assert.Equal("yamada@sakura-clinic.example", to.Address);
        Assert.Equal(Mail.Subject, message.Subject);
        Assert.Equal($"outbox.42.{Mail.CreatedAt.UtcTicks}@portal.example", message.MessageId);
        Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(Mail.TextBody, message.TextBody);
        Assert.Equal(Mail.HtmlBody, message.HtmlBody);
    }
}
