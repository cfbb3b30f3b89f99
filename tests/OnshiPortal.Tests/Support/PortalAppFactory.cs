using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OnshiPortal.Infrastructure.CommandLine;
using OnshiPortal.Infrastructure.Scheduling;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// The real application, through its real HTTP pipeline, on a test database. Environment "Testing": secure
/// cookies and production error pages, as in production.
/// </summary>
public class PortalAppFactory(TestDatabase database) : WebApplicationFactory<Program>
{
    public TestDatabase Database => database;

    /// <summary>The pickup folder of this app's mails, a temporary folder of its own.</summary>
    public string MailPickupDirectory { get; } = Path.Combine(Path.GetTempPath(), "onshi-mail-" + Guid.NewGuid().ToString("N"));

    /// <summary>Where the back office keeps campaign print files: a temporary folder of this app's own.</summary>
    public string CampaignStagingDirectory { get; } = Path.Combine(Path.GetTempPath(), "onshi-campaigns-" + Guid.NewGuid().ToString("N"));

    /// <summary>Where an earlier version kept this app's notice attachments (read by `db migrate` only), a temporary folder of its own.</summary>
    public string NewsFolder { get; } = Path.Combine(Path.GetTempPath(), "onshi-news-" + Guid.NewGuid().ToString("N"));

    /// <summary>Where an earlier version kept this app's filing attachments (read by `db migrate` only), a temporary folder of its own.</summary>
    public string AttachmentsFolder { get; } = Path.Combine(Path.GetTempPath(), "onshi-attachments-" + Guid.NewGuid().ToString("N"));

    /// <summary>
    /// The key file of an earlier version, imported into the database if it exists (it does not unless a test writes
    /// it); without it the key is generated into the database, which nodes on one database share.
    /// </summary>
    public string CredentialKeyFile { get; init; } = Path.Combine(Directory.CreateTempSubdirectory("onshi-keys-").FullName, "credential-keys.json");

    /// <summary>What the app logged as errors (e.g. the exception behind a 500).</summary>
    public ServerErrorLog ServerErrors { get; } = new();

    /// <summary>Further settings of this app (configuration keys with ':'), applied last.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>The clock of this app's authenticator check and of the tests' authenticator apps (see <see cref="Support.PhoneClock"/>).</summary>
    public PhoneClock PhoneClock { get; } = new();

    /// <summary>For a browser on plain-HTTP Kestrel: cookies without the Secure flag (TLS is not in the test).</summary>
    public bool PlainHttp { get; init; }

    /// <summary>Run the outbox worker, as a real node does (end-to-end tests read the pickup folder).</summary>
    public bool SendsMail { get; init; }

    /// <summary>The portal's address as mails link to it.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>The app's TimeProvider when set (e.g. a <see cref="ManualClock"/> in 2023 for the seed's deadline).</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>What this app's <see cref="TestScheduledJob"/> ran: give two nodes of one test the same log.</summary>
    public TestJobLog JobLog { get; init; } = new();

    /// <summary>Let the application migrate and seed demo data itself on start (the embedded default's behaviour).</summary>
    public bool StartUpMigrates { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");

        // Outside Development the CSS and script come from the build's static web assets manifest, as when published.
        builder.UseStaticWebAssets();
        builder.UseSetting("Database:Provider", database.Provider.ToString());
        builder.UseSetting("ConnectionStrings:Portal", database.ConnectionString);
        builder.UseSetting("Database:MigrateOnStart", StartUpMigrates.ToString());
        builder.UseSetting("Demo:Seed", StartUpMigrates.ToString());

        // The data-protection keys encrypted at rest, as Production requires (one certificate for the whole run).
        builder.UseSetting("DataProtection:Certificate:Path", TestKeyCertificate.Path);

        // Never the key file in the test's folder: an old one there would be imported.
        builder.UseSetting("Credentials:KeyFile", CredentialKeyFile);

        // Tests drive the outbox themselves (OutboxWorker.SendDueAsync); no mail is written under the repository.
        builder.UseSetting("Mail:Worker:Enabled", SendsMail.ToString());

        // Where the worker runs (end-to-end tests), a mail is in the pickup folder within a fifth of a second of its
        // queueing instead of up to the default's 2 s, which each of the journeys' ~24 waits for a mail paid.
        builder.UseSetting("Mail:PollSeconds", "0.2");

        // Tests run the clean-up themselves (HousekeepingWorker.RunOnceAsync): a pass at a random moment would
        // delete what a test just arranged, above all under a clock it moves by days.
        builder.UseSetting("Housekeeping:Enabled", "false");

        // Likewise the scheduler (JobScheduler.RunDueAsync), with its test job, which has no schedule unless a test gives one.
        builder.UseSetting("Scheduler:Enabled", "false");
        builder.ConfigureTestServices(s => s.AddSingleton(JobLog).AddScheduledJob<TestScheduledJob>());

        // Identity's PBKDF2 at its production count (100,000 rounds) was an eighth of the suite's CPU (a profile of the
        // test process: every login, activation and person made hashes once). The rules the tests prove do not depend
        // on the count, which each hash records: the apps of tests hash with 1,000 rounds, the published app with the
        // library's default (PublishedAppTests run it unchanged).
        builder.ConfigureTestServices(s => s.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000));
        builder.ConfigureTestServices(s => s.AddKeyedSingleton<TimeProvider>(OnshiPortal.Features.Account.AuthenticatorCodes.PhoneClockKey, PhoneClock));
        if (BaseUrl is not null)
        {
            builder.UseSetting("Mail:BaseUrl", BaseUrl);
        }

        // The links of a test lead to this machine (PublicAddressTests take the rule as a portal in service has it).
        builder.UseSetting("Mail:AllowLocalBaseUrl", "true");
        builder.UseSetting("Mail:PickupDirectory", MailPickupDirectory);
        builder.UseSetting("Campaigns:StagingDirectory", CampaignStagingDirectory);
        builder.UseSetting("News:AttachmentFolder", NewsFolder);

        // No Campaigns:JobPollSeconds: the campaign jobs' poll stays at the app's default (2 s), since a job queued
        // through the app wakes its runner at once (CampaignJobRunner.Wake). At 0.2 s every test app's runner claimed
        // five times a second for its whole life, a twelfth of the test process's CPU (docs/benchmarks.md, "Test suite").

        builder.UseSetting("Filings:Attachments:Folder", AttachmentsFolder);
        builder.ConfigureLogging(logging => logging.AddProvider(ServerErrors));

        // The console gets warnings and errors only: no test reads an app's console, and the JSON lines of each app's
        // start and stop (the host's five, the credential key's one) were formatted and written for nobody. Errors
        // still reach ServerErrors; a test that reads a category's lines (ObservabilityTests) sets its level itself.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        if (Clock is { } clock)
        {
            builder.ConfigureTestServices(s => s.AddSingleton(clock));
        }

        // The seed's deadline, which the tests' March 2023 clocks are set against; without it a test that lets the
        // app seed its demo would get the demo's deadline, months after the real today.
        builder.UseSetting("Filings:Deferral:Deadline", "2023-03-31");

        if (PlainHttp)
        {
            builder.UseSetting("Security:SecureCookies", "false");
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client that keeps cookies and does not follow redirects, on https so that Secure cookies flow.</summary>
    public HttpClient CreateBrowserLikeClient()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            BaseAddress = new Uri("https://localhost"),
            HandleCookies = true,
        });
        Authenticators.Track(client, this); // HttpSession.LogInAsync answers the two-factor step from this app's data
        return client;
    }

    /// <summary>Runs <c>onshi ARGS</c> on this app's services, capturing what it prints.</summary>
    public async Task<CommandRun> RunCommandAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await PortalCommandLine.InvokeAsync(Services, args, output, error);
        return new CommandRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The address of the Kestrel server after <c>UseKestrel(0); StartServer()</c>.</summary>
    public Uri ServerAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}

public sealed record CommandRun(int ExitCode, string Output, string Error);

public static class PortalAppFactoryExtensions
{
    /// <summary>
    /// The Kestrel address with the host name <c>localhost</c>, which browsers treat as a secure context, so the
    /// portal's Secure cookies work over plain HTTP in the tests as they do over HTTPS in production.
    /// </summary>
    public static Uri LocalhostAddress(this PortalAppFactory app) => new UriBuilder(app.ServerAddress) { Host = "localhost" }.Uri;
}
