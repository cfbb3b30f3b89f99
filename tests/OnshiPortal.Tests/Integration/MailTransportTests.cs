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
