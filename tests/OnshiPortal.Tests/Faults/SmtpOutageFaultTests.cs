using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Faults;

/// <summary>
/// The SMTP relay is down for a while with mails queued: the node's worker keeps trying with its back-off (shortened
/// here through Mail:Retry), loses nothing, and once the relay is back delivers every mail exactly once.
/// </summary>
[Collection(RunsAlone.Name)]
public sealed class SmtpOutageFaultTests
{
    private const int Queued = 200;

    [Fact]
    public async Task Mails_queued_while_the_relay_is_down_are_retried_and_all_delivered_once_when_it_is_back()
    {
        var relayPort = LoopbackSmtpServer.FreePort(); // nothing listens there yet: the relay is down
        var database = new PostgresTestDatabase();
        await database.InitializeAsync();
        database.RequireServer();
        await using var node = new PortalAppFactoryWithDatabase(database)
        {
            SendsMail = true,
            Settings =
            {
                ["Mail:Smtp:Host"] = "127.0.0.1",
                ["Mail:Smtp:Port"] = relayPort.ToString(CultureInfo.InvariantCulture),
                ["Mail:Smtp:UseStartTls"] = "false",
                ["Mail:PollSeconds"] = "0.2",
                ["Mail:Retry:FirstSeconds"] = "0.5",
                ["Mail:Retry:LongestSeconds"] = "2",

                // An outage, not dead letters: no mail is given up while the relay is down.
                ["Mail:Retry:MaxAttempts"] = "1000",
            },
        };
        _ = node.Services; // starts the node and its worker

        await Mails.QueueAsync(database, Queued, "outage", "障害試験");

        // Down: every mail fails, is kept and is tried again (at least three attempts each), none is marked sent.
        await UntilAsync(node, async db => await db.Set<OutboxMessage>().AllAsync(m => m.Attempts >= 3), "every mail tried three times");
        await using (var db = database.CreateContext())
        {
            var mails = await db.Set<OutboxMessage>().AsNoTracking().ToListAsync();
            Assert.Equal(Queued, mails.Count);
            Assert.All(mails, m => Assert.Null(m.SentAt));
            Assert.All(mails, m => Assert.False(string.IsNullOrEmpty(m.LastError)));
        }

        // Back: all delivered, each once.
        await using var relay = await LoopbackSmtpServer.StartAsync(relayPort);
        await UntilAsync(node, async db => !await db.Set<OutboxMessage>().AnyAsync(m => m.SentAt == null), "every mail sent");
        await using (var db = database.CreateContext())
        {
            // A last poll's worth of time for a stray second copy to show.
            await Task.Delay(TimeSpan.FromSeconds(1));
            var ids = await db.Set<OutboxMessage>().Select(m => m.Id).ToListAsync();
            var received = relay.Received.Select(r => r.Message.MessageId).ToList();
            Assert.Equal(Queued, received.Count);
            Assert.Equal(Queued, received.Distinct().Count());
            Assert.All(ids, id => Assert.Single(received, m => m != null && m.StartsWith($"outbox.{id}.", StringComparison.Ordinal)));
        }
    }

    private static async Task UntilAsync(PortalAppFactory app, Func<Infrastructure.Data.PortalDbContext, Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            await using (var db = app.Database.CreateContext())
            {
                if (await condition(db))
                {
                    return;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"not {what} after 90 s");
            await Task.Delay(200);
        }
    }
}
