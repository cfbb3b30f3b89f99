using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Infrastructure.Observability;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>The outbox and its worker on the real database; time is a fake clock, the transport a recorder or real SMTP.</summary>
public abstract class MailOutboxTests : DataTest
{
    // A whole second: PostgreSQL keeps microseconds, so a time with ticks would not read back equal.
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_mail_enqueued_in_a_transaction_that_rolls_back_is_never_sent()
    {
        await using var app = await StartAppAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await using var rolledBack = await db.Database.BeginTransactionAsync();
            db.ImportRuns.Add(NewRun("rolled-back.csv"));
            new MailOutbox(db, clock).Enqueue(Mail("rolled-back@clinic.example"));
            await db.SaveChangesAsync();
            await rolledBack.RollbackAsync();
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await using var committed = await db.Database.BeginTransactionAsync();
            db.ImportRuns.Add(NewRun("committed.csv"));
            new MailOutbox(db, clock).Enqueue(Mail("committed@clinic.example"));
            await db.SaveChangesAsync();
            await committed.CommitAsync();
        }

        var transport = new RecordingMailTransport();
        Assert.Equal(1, await Worker(app, transport).SendDueAsync(default));
        Assert.Equal(0, await Worker(app, transport).SendDueAsync(default));

        var (_, message) = Assert.Single(transport.Sent);
        Assert.Equal("committed@clinic.example", message.To.Mailboxes.Single().Address);
        await using var check = app.Database.CreateContext();
        Assert.Equal("committed.csv", (await check.ImportRuns.SingleAsync()).FileName);
        Assert.Equal(1, await check.Set<OutboxMessage>().CountAsync());
    }

    [Fact]
    public async Task Committed_mails_are_delivered_exactly_once_by_two_concurrent_workers()
    {
        await using var app = await StartAppAsync();
        await EnqueueAsync(app, 200);
        var transport = new RecordingMailTransport();
        var first = Worker(app, transport);
        var second = Worker(app, transport);
        Assert.NotEqual(first.Id, second.Id);

        // Two workers, each with two passes running at a time, until no pass finds anything more.
        static async Task DrainAsync(OutboxWorker worker)
        {
            while (await worker.SendDueAsync(default) > 0)
            {
            }
        }

        await Task.WhenAll(DrainAsync(first), DrainAsync(second), DrainAsync(first), DrainAsync(second));
        Assert.Equal(0, await first.SendDueAsync(default) + await second.SendDueAsync(default));

        var ids = transport.Sent.Select(s => s.Id).ToList();
        Assert.Equal(200, ids.Count);
        Assert.Equal(200, ids.Distinct().Count());
        await using var check = app.Database.CreateContext();
        Assert.Equal(200, await check.Set<OutboxMessage>().CountAsync(m => m.SentAt != null && m.ClaimedBy == null));
    }

    [Fact]
    public async Task A_failed_send_is_retried_after_a_growing_backoff_and_delivered_once_it_works()
    {
        await using var app = await StartAppAsync();
        await EnqueueAsync(app, 1);
        var transport = new RecordingMailTransport { Failing = true };
        var worker = Worker(app, transport);

        Assert.Equal(0, await worker.SendDueAsync(default));
        var failed = await SingleAsync(app);
        Assert.Equal(1, failed.Attempts);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(30), failed.NextAttemptAt);
        Assert.Contains("接続できません", failed.LastError);
        Assert.Null(failed.SentAt);
        Assert.Null(failed.ClaimedBy);

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await worker.SendDueAsync(default));
        Assert.Equal(1, transport.Calls); // not due yet: not even tried

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, await worker.SendDueAsync(default));
        var again = await SingleAsync(app);
        Assert.Equal(2, again.Attempts);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromMinutes(1), again.NextAttemptAt);

        transport.Failing = false;
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await worker.SendDueAsync(default));
        Assert.Equal(0, await worker.SendDueAsync(default));
        Assert.Single(transport.Sent);
        Assert.Equal(clock.GetUtcNow(), (await SingleAsync(app)).SentAt);
    }

    [Fact]
    public async Task The_lease_of_a_worker_that_died_expires_and_another_worker_sends_the_mail()
    {
        await using var app = await StartAppAsync();
        await EnqueueAsync(app, 1);
        await using (var db = app.Database.CreateContext())
        {
            // A worker claimed the mail, then its process was killed.
            var claimed = await OutboxClaim.ClaimAsync(db, "dead-node/1/x#1", clock.GetUtcNow(), clock.GetUtcNow() + OutboxWorker.Lease, default);
            Assert.Single(claimed);
        }

        var transport = new RecordingMailTransport();
        var worker = Worker(app, transport);
        Assert.Equal(0, await worker.SendDueAsync(default));

        clock.Advance(OutboxWorker.Lease - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await worker.SendDueAsync(default));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await worker.SendDueAsync(default));
        Assert.Single(transport.Sent);
    }

    [Fact]
    public async Task Over_smtp_the_worker_keeps_the_mail_while_the_server_is_down_and_delivers_it_when_it_is_up()
    {
        await using var app = await StartAppAsync();
        await EnqueueAsync(app, 1);
        var port = LoopbackSmtpServer.FreePort();
        var options = new MailOptions { Smtp = { Host = "127.0.0.1", Port = port, UseStartTls = false } };
        var worker = Worker(app, new SmtpMailTransport(Options.Create(options)), options);

        Assert.Equal(0, await worker.SendDueAsync(default)); // connection refused
        var kept = await SingleAsync(app);
        Assert.Equal(1, kept.Attempts);
        Assert.Null(kept.SentAt);
        Assert.NotNull(kept.LastError);

        await using var server = await LoopbackSmtpServer.StartAsync(port);
        clock.Advance(OutboxWorker.Backoff(1));
        Assert.Equal(1, await worker.SendDueAsync(default));

        var (message, _) = Assert.Single(server.Received);
        Assert.Equal("user0@clinic.example", message.To.Mailboxes.Single().Address);
        Assert.Equal("【さくら内科】アカウント登録のご案内 0", message.Subject);
        Assert.NotNull((await SingleAsync(app)).SentAt);
    }

    [Fact]
    public async Task The_app_registers_the_outbox_and_the_pickup_transport_and_starts_no_worker_when_disabled()
    {
        await using var app = await StartAppAsync();
        await using var scope = app.Services.CreateAsyncScope();

        Assert.NotNull(scope.ServiceProvider.GetRequiredService<MailOutbox>());
        var pickup = Assert.IsType<PickupDirectoryMailTransport>(scope.ServiceProvider.GetRequiredService<IMailTransport>());
        Assert.Equal(app.MailPickupDirectory, pickup.Folder);
        Assert.DoesNotContain(scope.ServiceProvider.GetServices<IHostedService>(), s => s is OutboxWorker);
    }

    private OutboxWorker Worker(PortalAppFactory app, IMailTransport transport, MailOptions? options = null) => new(
        app.Services.GetRequiredService<IServiceScopeFactory>(),
        transport,
        Options.Create(options ?? new MailOptions()),
        clock,
        app.Services.GetRequiredService<PortalMetrics>(),
        NullLogger<OutboxWorker>.Instance);

    private async Task EnqueueAsync(PortalAppFactory app, int count)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var outbox = new MailOutbox(db, clock);
        for (var i = 0; i < count; i++)
        {
            outbox.Enqueue(Mail($"user{i}@clinic.example", i));
        }

        await db.SaveChangesAsync();
    }

    private static async Task<OutboxMessage> SingleAsync(PortalAppFactory app)
    {
        await using var db = app.Database.CreateContext();
        return await db.Set<OutboxMessage>().SingleAsync();
    }

    private static OutgoingMail Mail(string to, int n = 0) =>
        new(to, $"【さくら内科】アカウント登録のご案内 {n}", $"さくら内科 ご担当者様\n登録をお願いいたします。{n}", $"<p>さくら内科 ご担当者様</p><p>{n}</p>");

    private ImportRun NewRun(string file) => new()
    {
        StartedAt = clock.GetUtcNow(),
        FinishedAt = clock.GetUtcNow(),
        FileName = file,
        Encoding = "UTF-8",
        RunBy = "test",
    };
}

public sealed class MailOutboxTestsOnSqlite : MailOutboxTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class MailOutboxTestsOnPostgres : MailOutboxTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
