using System.Net;
using System.Net.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Campaigns.Jobs;
using OnshiPortal.Features.Filings;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// The production shape on loopback: PostgreSQL, two app nodes on their own Kestrel ports, Debian's nginx in front
/// with deploy/nginx/onshi.conf, and an SMTP server; the test starts and stops them all. Its bounds are events (the
/// outbox drained, the export's job claimed and under way), with deadlines of minutes, not durations: it runs beside
/// the other tests, one process test at a time.
/// </summary>
[Collection(OwnProcesses.Name)]
public sealed class LoopbackClusterTests
{
    // Forty claims of OutboxClaim.BatchSize between two workers that poll every 0.2 s, so their claims overlap many
    // times over. 10,000 (200 claims) proved nothing more and cost an eighth of this class's CPU (docs/benchmarks.md).
    private const int QueuedMails = 2_000;

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
        var session = new HttpSession(nginx.Browser());
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

    [Fact]
    public async Task Without_stickiness_any_node_serves_uploads_and_campaign_jobs_and_a_node_killed_mid_export_leaves_its_job_to_the_other()
    {
        // No pinning in the load balancer that ships: every request may go to any node.
        var balancer = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "deploy", "nginx", "onshi.conf"), TestContext.Current.CancellationToken);
        foreach (var pin in new[] { "ip_hash", "hash $", "sticky", " backup", "location /operator" })
        {
            Assert.DoesNotContain(pin, balancer, StringComparison.Ordinal);
        }

        LoopbackNginx.Require();
        await using var database = new PostgresTestDatabase();
        await database.InitializeAsync();
        database.RequireServer();
        const int perFile = 50;
        int letters;
        string adminEmail, adminPassword;
        long campaignId;
        var keyFile = Path.Combine(Directory.CreateTempSubdirectory("onshi-keys-").FullName, "credential-keys.json");
        await using (var setup = new PortalAppFactory(database) { CredentialKeyFile = keyFile, Settings = { ["Campaigns:RunsJobs"] = "false" } })
        {
            await setup.ActivatedInstitutionAsync(ClinicEmail);
            await setup.ImportAsync(CampaignScenario.Records(3_000));
            var campaign = await setup.CreateCampaignAsync(CampaignKind.Unregistered, CampaignScenario.Cutoff);
            letters = (await setup.IssueCampaignAsync(campaign.Id)).Issued;
            campaignId = campaign.Id;
            (adminEmail, adminPassword) = await setup.AddOperatorAsync(Roles.Admin);
        }

        // Two nodes as the systemd unit runs them (their own processes, Production), nginx in front.
        int[] ports = [LoopbackSmtpServer.FreePort(), LoopbackSmtpServer.FreePort()];
        await using var nginx = await LoopbackNginx.StartAsync(ports);
        var nodes = new Dictionary<int, PortalProcess>();
        await using var nodeA = nodes[ports[0]] = PortalProcess.Start(ProcessNodeSettings(database, ports[0], keyFile, perFile));
        await using var nodeB = nodes[ports[1]] = PortalProcess.Start(ProcessNodeSettings(database, ports[1], keyFile, perFile));
        await Task.WhenAll(ports.Select(p => nodes[p].UntilReadyAsync(p)));

        // A filing's attachment uploaded through one node (held as staging in the database), filed and read through the other.
        var (clinic, clinicRoute) = NodeRouter.Browser(ports[0]);
        await clinic.LogInAsync(ClinicEmail, ActivationScenario.NewPassword, "/mypage");
        var (_, form) = await clinic.GetAsync("/mypage/deferral?category=system");
        var contract = FilingScenario.Pdf("cluster-contract");
        var (_, check) = await clinic.PostFilesAsync("/mypage/deferral?handler=Check&category=system", form, DeferralEntries, ("注文書.pdf", contract));
        Assert.True(check.Contains("入力内容の確認", StringComparison.Ordinal), check);
        clinicRoute.Port = ports[1];
        var receipt = FilingScenario.ReceiptOf((await clinic.ConfirmAsync("/mypage/deferral", check)).Response);
        long attachmentId;
        await using (var db = database.CreateContext())
        {
            attachmentId = (await db.Set<Filing>().Include(f => f.Attachments).SingleAsync(f => f.ReceiptNumber == receipt, TestContext.Current.CancellationToken)).Attachments.Single().Id;
        }

        var attachmentUrl = $"/mypage/filings/{receipt}?handler=Attachment&id={attachmentId}";
        Assert.Equal(contract, await clinic.Client.GetByteArrayAsync(attachmentUrl, TestContext.Current.CancellationToken));
        clinicRoute.Port = ports[0];
        Assert.Equal(contract, await clinic.Client.GetByteArrayAsync(attachmentUrl, TestContext.Current.CancellationToken));

        // The export asked for on one node; whichever node takes the job, the other shows its progress.
        var (admin, adminRoute) = NodeRouter.Browser(ports[0]);
        await admin.LogInAsync(adminEmail, adminPassword, "/operator");
        var details = $"/operator/campaigns/{campaignId}";
        var (_, page) = await admin.GetAsync(details);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync(details + "?handler=Export", page, new Dictionary<string, string?>())).Response.StatusCode);
        CampaignJob job;
        await using (var db = database.CreateContext())
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                job = await db.Set<CampaignJob>().AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
                var stored = await db.Set<CampaignExportFile>().CountAsync(TestContext.Current.CancellationToken);
                if (job.ClaimedBy is not null && stored >= 2 && job.Done > 0)
                {
                    break;
                }

                Assert.NotEqual(CampaignJobState.Done, job.State);
                Assert.True(DateTime.UtcNow < deadline, $"no progress in 60 s\nA: {nodeA.Output}\nB: {nodeB.Output}");
                await Task.Delay(20, TestContext.Current.CancellationToken);
            }
        }

        var runner = ports.Single(p => job.ClaimedBy!.Contains($"/{nodes[p].Process.Id}/", StringComparison.Ordinal));
        var other = ports.Single(p => p != runner);
        adminRoute.Port = other;
        var (_, progress) = await admin.GetAsync(details);
        Assert.Contains("印刷データの作成：送付状PDFの作成", progress);
        Assert.Matches(@"<progress max=""100"" value=""\d+""", progress);

        // The running node dies (SIGKILL, no clean-up); after its lease the other takes the job over and finishes it.
        await nodes[runner].KillAsync();
        var killedAt = DateTimeOffset.UtcNow;
        string done;
        var finish = DateTime.UtcNow.AddMinutes(3);
        while (!(done = (await admin.GetAsync(details)).Html).Contains("manifest.csv</a>", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < finish, $"the export was not finished by the other node:\n{nodes[other].Output}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        await using (var db = database.CreateContext())
        {
            job = await db.Set<CampaignJob>().AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
            Assert.Equal(CampaignJobState.Done, job.State);
            Assert.Equal(2, job.Attempts);
            var files = await db.Set<CampaignExportFile>().AsNoTracking().Where(f => f.Published).ToListAsync(TestContext.Current.CancellationToken);
            Assert.Contains(files, f => f.CreatedAt < killedAt); // the dead node's files were kept, not made again
            Assert.Equal((letters + perFile - 1) / perFile, files.Count(f => f.Name.EndsWith(".pdf", StringComparison.Ordinal)));
            Assert.Equal(letters, files.Sum(f => f.Letters));
        }

        // Through nginx (the dead node skipped): every file downloads whole, SHA256SUMS holds, every letter is printed once.
        var (printer, _) = (new HttpSession(nginx.Browser()), 0);
        await printer.LogInAsync(adminEmail, adminPassword, "/operator");
        var listing = (await printer.GetAsync(details)).Html;
        var sums = (await printer.Client.GetStringAsync(details + "?handler=File&name=SHA256SUMS", TestContext.Current.CancellationToken))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split("  ")).ToDictionary(p => p[1], p => p[0]);
        Assert.Equal(((letters + perFile - 1) / perFile) + 2, sums.Count);
        var folder = Directory.CreateTempSubdirectory("onshi-cluster-export-").FullName;
        var pages = 0;
        foreach (var (name, hash) in sums)
        {
            Assert.Contains(name, listing);
            var content = await printer.Client.GetByteArrayAsync(details + "?handler=File&name=" + Uri.EscapeDataString(name), TestContext.Current.CancellationToken);
            Assert.Equal(hash, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)));
            if (name.EndsWith(".pdf", StringComparison.Ordinal))
            {
                var path = Path.Combine(folder, name);
                await File.WriteAllBytesAsync(path, content, TestContext.Current.CancellationToken);
                pages += PdfTools.PageCount(path);
            }
        }

        Assert.Equal(2 * letters, pages); // a letter is one sheet, printed on both sides
        var manifest = await printer.Client.GetStringAsync(details + "?handler=File&name=manifest.csv", TestContext.Current.CancellationToken);
        var codes = manifest.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[2]).ToList();
        Assert.Equal(letters, codes.Count);
        Assert.Equal(letters, codes.Distinct().Count());
    }

    private const string ClinicEmail = "cluster-clinic@clinic.example";

    /// <summary>A 経過措置 of the システム整備中 kind, as the deferral tests file it.</summary>
    private static readonly Dictionary<string, string?> DeferralEntries = new()
    {
        ["Category"] = "system",
        ["Values[contractDate]"] = "2023-02-10",
        ["Values[vendor]"] = "株式会社テストシステム",
        ["Values[completion]"] = "2023-09-15",
    };

    /// <summary>A node as the systemd unit runs it: its own process, in Production, configured by environment variables.</summary>
    private static Dictionary<string, string> ProcessNodeSettings(TestDatabase database, int port, string keyFile, int perFile) => new()
    {
        ["Database__Provider"] = "Postgres",
        ["ConnectionStrings__Portal"] = database.ConnectionString,
        ["Urls"] = $"http://127.0.0.1:{port}",
        ["ForwardedHeaders__KnownProxies"] = "127.0.0.1",
        ["Mail__BaseUrl"] = "https://portal.test",
        ["Mail__Worker__Enabled"] = "false",
        ["Mail__PickupDirectory"] = Directory.CreateTempSubdirectory("onshi-mail-").FullName,
        ["Credentials__KeyFile"] = keyFile,
        ["RateLimits__PostsPerAddressPerMinute"] = "100000",
        ["Filings__Deferral__Deadline"] = "2099-03-31",
        ["Campaigns__LettersPerFile"] = perFile.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Campaigns__JobLeaseSeconds"] = "3",
        ["Campaigns__JobPollSeconds"] = "0.2",
        ["Campaigns__StagingDirectory"] = Directory.CreateTempSubdirectory("onshi-staging-").FullName,
    };

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
