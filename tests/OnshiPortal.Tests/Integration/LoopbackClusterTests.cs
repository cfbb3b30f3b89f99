using System.Net;
using System.Net.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// The production shape on loopback: PostgreSQL, two app nodes on their own Kestrel ports, Debian's nginx in front
/// with deploy/nginx/onshi.conf, and an SMTP server; the test starts and stops them all.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class LoopbackClusterTests
{
    private const int QueuedMails = 10_000;

    [Fact]
    public async Task Behind_nginx_an_activation_spans_both_nodes_and_every_queued_mail_is_sent_exactly_once()
    {
        LoopbackNginx.Require();
        await using var database = new PostgresTestDatabase();
        await database.InitializeAsync();
        database.RequireServer();
        await using var smtp = await LoopbackSmtpServer.StartAsync(LoopbackSmtpServer.FreePort());
        int[] ports = [LoopbackSmtpServer.FreePort(), LoopbackSmtpServer.FreePort()];
        var keyFile = Path.Combine(Directory.CreateTempSubdirectory("onshi-keys-").FullName, "credential-keys.json");
        await using var nginx = await LoopbackNginx.StartAsync(ports);
        await using var nodeA = StartNode(database, ports[0], nginx.Port, smtp.Port, keyFile);
        await using var nodeB = StartNode(database, ports[1], nginx.Port, smtp.Port, keyFile);

        // Flow 1 through the load balancer, which spreads its requests over both nodes.
        var (_, credential) = await nodeA.IssueAsync();
        var session = new HttpSession(BrowserThrough(nginx));
        var edit = await session.TemporaryLogInAsync(credential.LoginId, credential.Password);
        var email = "cluster@clinic.example";
        await session.RequestActivationAsync(edit, email);
        var link = await WaitForAsync(() => smtp.Received.FirstOrDefault(m => m.Message.To.Mailboxes.Any(a => a.Address == email)).Message);
        var done = await session.FollowLinkAsync(new Uri(Mails.LinkIn(link.TextBody, "/activation/complete")).PathAndQuery);
        Assert.Contains("アカウント登録が完了しました", done);
        Assert.Equal(2, (await nginx.NodesThatAnsweredAsync()).Count);

        // Mails queued while both nodes' workers run: each reaches the SMTP server once.
        await Mails.QueueAsync(database, QueuedMails, "bulk", "一斉送信");

        await using (var db = database.CreateContext())
        {
            var deadline = DateTime.UtcNow.AddMinutes(10);
            while (await db.Set<OutboxMessage>().CountAsync(m => m.SentAt == null) > 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the outbox was not drained in 10 minutes");
                await Task.Delay(500);
            }

            var sent = await db.Set<OutboxMessage>().CountAsync();
            var received = smtp.Received.Select(r => r.Message.MessageId).ToList();
            Assert.Equal(sent, received.Count);
            Assert.Equal(sent, received.Distinct().Count());
            Assert.Equal(QueuedMails, smtp.Received.Count(r => (r.Message.Subject ?? string.Empty).StartsWith("一斉送信", StringComparison.Ordinal)));
        }
    }

    private static PortalAppFactory StartNode(TestDatabase database, int port, int balancerPort, int smtpPort, string keyFile)
    {
        var node = new PortalAppFactory(database)
        {
            SendsMail = true,
            BaseUrl = $"https://localhost:{balancerPort}",
            CredentialKeyFile = keyFile,
            Settings =
            {
                ["Mail:Smtp:Host"] = "127.0.0.1",
                ["Mail:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Mail:Smtp:UseStartTls"] = "false",
                ["Mail:PollSeconds"] = "0.2",
                ["ForwardedHeaders:KnownProxies"] = "127.0.0.1",
            },
        };
        node.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        node.StartServer();
        return node;
    }

    /// <summary>A browser of the portal's public address: HTTPS through nginx, whose certificate is the test's own.</summary>
    private static HttpClient BrowserThrough(LoopbackNginx nginx) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = true,
        CookieContainer = new CookieContainer(),
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == nginx.CertificateHash },
    })
    {
        BaseAddress = new Uri($"https://localhost:{nginx.Port}"),
    };

    private static async Task<T> WaitForAsync<T>(Func<T?> probe)
        where T : class
    {
        for (var i = 0; i < 150; i++)
        {
            if (probe() is { } found)
            {
                return found;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("not there after 30 s");
    }
}
