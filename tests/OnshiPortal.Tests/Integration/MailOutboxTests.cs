using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Housekeeping;
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

    [Fact]
    public async Task A_sent_mail_keeps_no_body_only_its_template_recipient_subject_message_id_and_time()
    {
        await using var app = await StartAppAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            new MailOutbox(db, clock).Enqueue(Mail("clinic@clinic.example") with { TextBody = "https://portal.example/activate?token=secret-token", Template = "Activation/ActivationLink" });
            await db.SaveChangesAsync();
        }

        var transport = new RecordingMailTransport();
        Assert.Equal(1, await Worker(app, transport).SendDueAsync(default));

        var (_, message) = Assert.Single(transport.Sent);
        Assert.Contains("secret-token", message.TextBody, StringComparison.Ordinal);
        var sent = await SingleAsync(app);
        Assert.Equal(string.Empty, sent.TextBody);
        Assert.Null(sent.HtmlBody);
        Assert.Equal("clinic@clinic.example", sent.To);
        Assert.Equal("Activation/ActivationLink", sent.Template);
        Assert.StartsWith("【さくら内科】", sent.Subject, StringComparison.Ordinal);
        Assert.Equal(message.MessageId, sent.MessageId);
        Assert.Equal(clock.GetUtcNow(), sent.SentAt);

        // Templates name themselves: the record says which mail it was without its body.
        Assert.Equal("Activation/ActivationLink", ActivationMails.Link(
            new Institution { Code = "0110113719", Name = "さくら内科", Address = "札幌市" },
            new ActivationRequest { InstitutionCode = "0110113719", Email = "a@clinic.example", PasswordHash = "x", TokenHash = "y", ExpiresAt = clock.GetUtcNow() },
            "https://portal.example/activate?token=t").Template);
    }

    [Fact]
    public async Task An_attachment_travels_as_a_named_mime_part_and_is_deleted_with_the_body_once_sent_and_a_big_one_is_refused()
    {
        await using var app = await StartAppAsync();
        var csv = "\uFEFF都道府県番号,都道府県\r\n01,北海道\r\n"u8.ToArray();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var outbox = new MailOutbox(db, clock);
            outbox.Enqueue(Mail("assoc@example.jp") with { Attachments = [new MailAttachment("registration-prefectures-20261207.csv", "text/csv; charset=utf-8", csv)] });

            // The outbox is not a file store: more than 2 MB in one mail fails the business change, not the relay later.
            var big = new MailAttachment("big.csv", "text/csv", new byte[OutboxAttachment.MaxBytes + 1]);
            Assert.Throws<ArgumentException>(() => outbox.Enqueue(Mail("assoc@example.jp") with { Attachments = [big] }));
            await db.SaveChangesAsync();
        }

        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(1, await db.Set<OutboxAttachment>().CountAsync());
        }

        var transport = new RecordingMailTransport();
        Assert.Equal(1, await Worker(app, transport).SendDueAsync(default));
        var (_, message) = Assert.Single(transport.Sent);
        var attachment = Assert.IsType<MimeKit.MimePart>(Assert.Single(message.Attachments));
        Assert.Equal("registration-prefectures-20261207.csv", attachment.FileName);
        Assert.Equal("text/csv", attachment.ContentType.MimeType);
        using var content = new MemoryStream();
        attachment.Content!.DecodeTo(content);
        Assert.Equal(csv, content.ToArray());
        Assert.Contains("さくら内科", message.TextBody, StringComparison.Ordinal);

        // Sent: the file goes as the body does, so that a backup of the database does not keep what was mailed.
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(0, await db.Set<OutboxAttachment>().CountAsync());
            Assert.NotNull((await db.Set<OutboxMessage>().SingleAsync()).SentAt);
        }
    }

    [Fact]
    public async Task A_mail_that_keeps_failing_becomes_a_dead_letter_that_an_admin_sees_and_requeues()
    {
        await using var app = await StartAppAsync();
        await EnqueueAsync(app, 1);
        var transport = new RecordingMailTransport { Failing = true };
        var log = new ListLogger();
        var options = new MailOptions { Retry = { FirstSeconds = 1, LongestSeconds = 1, MaxAttempts = 3 } };
        var worker = Worker(app, transport, options, log);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(0, await worker.SendDueAsync(default));
            clock.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal(3, transport.Calls); // given up after the third: not tried again however long it waits
        var dead = await SingleAsync(app);
        Assert.NotNull(dead.DeadAt);
        Assert.Equal(3, dead.Attempts);
        Assert.Null(dead.SentAt);
        Assert.NotEmpty(dead.TextBody); // kept until sent: a requeue needs it
        Assert.Equal(3, log.Lines.Count);
        Assert.All(log.Lines, line => Assert.DoesNotContain("user0@clinic.example", line, StringComparison.Ordinal));
        Assert.All(log.Lines, line => Assert.Contains($"Mail {dead.Id} (outbox.{dead.Id}.", line, StringComparison.Ordinal));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            Assert.Equal(TimeSpan.Zero, await OutboxLag.MeasureAsync(db, clock.GetUtcNow(), default)); // a dead letter is not lag
        }

        // An operator may not see the list; an admin sees the recipient and the error, and requeues it.
        var (operatorEmail, operatorPassword) = await app.AddOperatorAsync();
        var operatorSession = app.Session();
        await operatorSession.LogInAsync(operatorEmail, operatorPassword, "/operator");
        Refusals.AssertForbidden(await operatorSession.Client.GetAsync("/operator/mail/dead"));
        var (adminEmail, adminPassword) = await app.AddOperatorAsync(Roles.Admin);
        var admin = app.Session();
        await admin.LogInAsync(adminEmail, adminPassword, "/operator");
        var (_, menu) = await admin.GetAsync("/operator");
        Assert.Contains("href=\"/operator/mail/dead\"", menu, StringComparison.Ordinal);
        var (_, page) = await admin.GetAsync("/operator/mail/dead");
        Assert.Contains("user0@clinic.example", page, StringComparison.Ordinal);
        Assert.Contains("接続できません", page, StringComparison.Ordinal);
        Assert.DoesNotContain("登録をお願いいたします", page, StringComparison.Ordinal); // never the body
        var (requeued, _) = await admin.PostAsync($"/operator/mail/dead?handler=Requeue&id={dead.Id}", page, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.Redirect, requeued.StatusCode);
        var (_, after) = await admin.GetAsync(requeued.Headers.Location!.OriginalString);
        Assert.Contains("再送の待ち行列に戻しました", after, StringComparison.Ordinal);
        Assert.DoesNotContain("user0@clinic.example", after, StringComparison.Ordinal);

        var back = await SingleAsync(app);
        Assert.Null(back.DeadAt);
        Assert.Equal(0, back.Attempts);
        await using (var db = app.Database.CreateContext())
        {
            var audit = Assert.Single(await db.Set<AuditEntry>().Where(a => a.Action == "mail.requeued").ToListAsync());
            Assert.Equal(adminEmail, audit.Actor);
            Assert.Contains($"\"outboxId\":{dead.Id}", audit.Details, StringComparison.Ordinal);
        }

        // Requeued for the app's own clock's now; the test's worker runs on its fake clock, moved past it.
        transport.Failing = false;
        clock.SetUtcNow(back.NextAttemptAt + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await worker.SendDueAsync(default));
        Assert.NotNull((await SingleAsync(app)).SentAt);
    }

    [Fact]
    public async Task Housekeeping_deletes_old_sent_mails_spent_throttle_counts_and_expired_links_in_batches_on_two_nodes_at_once()
    {
        await using var app = await StartAppAsync();
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var days = TimeSpan.FromDays(1);
        await using (var db = app.Database.CreateContext())
        {
            OutboxMessage Row(string to, DateTimeOffset? sentAt, DateTimeOffset? deadAt = null) =>
                new() { To = to, Subject = "s", TextBody = sentAt is null ? "本文" : string.Empty, CreatedAt = now - 40 * days, NextAttemptAt = now - 40 * days, SentAt = sentAt, DeadAt = deadAt };

            // More old sent mails than one batch holds.
            db.Set<OutboxMessage>().AddRange(Enumerable.Range(0, Batches.Size + 500).Select(i => Row($"old{i}@clinic.example", now - 31 * days)));
            db.Set<OutboxMessage>().AddRange(Row("recent@clinic.example", now - 29 * days), Row("waiting@clinic.example", null), Row("dead@clinic.example", null, now - 40 * days));
            db.Set<LoginThrottleEntry>().AddRange(
                new LoginThrottleEntry { Key = "ip:203.0.113.1", Failures = 9, UpdatedAt = now - 2 * days, BlockedUntil = now - 2 * days },
                new LoginThrottleEntry { Key = "ip:203.0.113.2", Failures = 1, UpdatedAt = now - 2 * days },
                new LoginThrottleEntry { Key = "ip:203.0.113.3", Failures = 9, UpdatedAt = now - TimeSpan.FromHours(1), BlockedUntil = now + TimeSpan.FromMinutes(5) });
            db.Set<RegistrationLink>().AddRange(
                new RegistrationLink { Email = "a@clinic.example", TokenHash = new string('a', 64), CreatedAt = now - 3 * days, ExpiresAt = now - 2 * days },
                new RegistrationLink { Email = "b@clinic.example", TokenHash = new string('b', 64), CreatedAt = now, ExpiresAt = now + days });
            db.Set<ActivationRequest>().AddRange(
                new ActivationRequest { InstitutionCode = "0110113719", CredentialId = 1, Email = "c@clinic.example", PasswordHash = "expired-hash", TokenHash = new string('c', 64), CreatedAt = now - 3 * days, ExpiresAt = now - 2 * days },
                new ActivationRequest { InstitutionCode = "0110113719", CredentialId = 2, Email = "d@clinic.example", PasswordHash = "pending-hash", TokenHash = new string('d', 64), CreatedAt = now, ExpiresAt = now + days });
            await db.SaveChangesAsync();
        }

        var worker = app.Services.GetRequiredService<HousekeepingWorker>();
        await Task.WhenAll(worker.RunOnceAsync(default), worker.RunOnceAsync(default));
        var again = await worker.RunOnceAsync(default);
        Assert.All(again.Values, rows => Assert.Equal(0, rows));

        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(["dead@clinic.example", "recent@clinic.example", "waiting@clinic.example"], await db.Set<OutboxMessage>().Select(m => m.To).OrderBy(t => t).ToListAsync());
            Assert.Equal(["ip:203.0.113.3"], await db.Set<LoginThrottleEntry>().Select(e => e.Key).ToListAsync());
            Assert.Equal(["b@clinic.example"], await db.Set<RegistrationLink>().Select(l => l.Email).ToListAsync());
            Assert.Equal(
                [("c@clinic.example", string.Empty), ("d@clinic.example", "pending-hash")],
                (await db.Set<ActivationRequest>().OrderBy(r => r.Email).Select(r => new { r.Email, r.PasswordHash }).ToListAsync()).Select(r => (r.Email, r.PasswordHash)));
        }
    }

    [Fact]
    public async Task A_failed_send_logs_the_mail_by_its_id_and_never_the_recipients_address()
    {
        await using var app = await StartAppAsync();
        await EnqueueAsync(app, 2);
        var log = new ListLogger();
        var options = new MailOptions { Retry = { FirstSeconds = 1, LongestSeconds = 1, MaxAttempts = 2 } };

        // The relay quotes the address in its refusal, as Postfix does; MailKit carries that text in the exception.
        var worker = Worker(app, new RefusingTransport(), options, log);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(0, await worker.SendDueAsync(default));
            clock.Advance(TimeSpan.FromHours(1));
        }

        await using var db = app.Database.CreateContext();
        var ids = await db.Set<OutboxMessage>().OrderBy(m => m.Id).Select(m => m.Id).ToListAsync();
        Assert.Equal(4, log.Lines.Count); // two tries of each: a warning, then the dead letter's error
        foreach (var id in ids)
        {
            Assert.Contains(log.Lines, l => l.Contains($"Mail {id} ", StringComparison.Ordinal));
        }

        Assert.Contains(log.Lines, l => l.Contains("550", StringComparison.Ordinal)); // the relay's answer is still there
        foreach (var line in log.Lines)
        {
            Assert.DoesNotContain("@clinic.example", line, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("user0", line, StringComparison.Ordinal);
            Assert.DoesNotContain("user1", line, StringComparison.Ordinal);
        }
    }

    /// <summary>A relay that refuses every recipient, quoting the address (inner exception included).</summary>
    private sealed class RefusingTransport : IMailTransport
    {
        public Task SendAsync(long outboxId, MimeKit.MimeMessage message, CancellationToken cancellationToken)
        {
            var to = message.To.Mailboxes.Single();
            throw new MailKit.Net.Smtp.SmtpCommandException(
                MailKit.Net.Smtp.SmtpErrorCode.RecipientNotAccepted,
                MailKit.Net.Smtp.SmtpStatusCode.MailboxUnavailable,
                to,
                $"5.1.1 <{to.Address}>: Recipient address rejected: User unknown in virtual mailbox table",
                new IOException($"RCPT TO:<{to.Address}> refused"));
        }
    }

    private OutboxWorker Worker(PortalAppFactory app, IMailTransport transport, MailOptions? options = null, ILogger<OutboxWorker>? logger = null) => new(
        app.Services.GetRequiredService<IServiceScopeFactory>(),
        transport,
        Options.Create(options ?? new MailOptions()),
        app.Services.GetRequiredService<PublicAddress>(),
        clock,
        app.Services.GetRequiredService<PortalMetrics>(),
        logger ?? NullLogger<OutboxWorker>.Instance);

    /// <summary>The worker's log lines as they would be written (message with its values).</summary>
    private sealed class ListLogger : ILogger<OutboxWorker>
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception) + (exception is null ? string.Empty : "\n" + exception)); // as a console or JSON log writes it
    }

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
