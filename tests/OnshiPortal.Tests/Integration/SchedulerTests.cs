using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Infrastructure.Scheduling;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// Issue 20's scheduler, on a fake clock: each occurrence of a job runs once at its time (cron in Japan time), on one
/// node or two polling together; a restart after missed occurrences runs the latest one only; a run whose node died
/// is taken over once its lease runs out; a manual run; a failing run records its error and the next occurrence still
/// runs; a disabled job never runs; a schedule that is not cron stops the start naming its job.
/// </summary>
public abstract class SchedulerTests : DataTest
{
    /// <summary>Every day at 09:00 in Japan (00:00 UTC).</summary>
    private const string Daily = "0 9 * * *";

    /// <summary>1 April 2026, 08:59 in Japan: a minute before the first occurrence.</summary>
    private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 4, 1, 8, 59, 0, TimeSpan.FromHours(9)).ToUniversalTime();

    private static readonly DateTimeOffset FirstOccurrence = new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.FromHours(9)).ToUniversalTime();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_occurrence_runs_once_at_its_time_in_Japan()
    {
        var clock = new ManualClock(Start);
        await using var node = await FirstNodeAsync(clock);

        Assert.Equal(0, await PollAsync(node));
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await PollAsync(node));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await PollAsync(node));
        Assert.Equal(0, await PollAsync(node));
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await PollAsync(node));

        var occurrence = Assert.Single(node.JobLog.Runs);
        Assert.Equal((FirstOccurrence, ScheduledTrigger.Schedule, 1), (occurrence.At, occurrence.Trigger, occurrence.Attempt));
        var run = Assert.Single(await RunsAsync(node));
        Assert.Equal((FirstOccurrence, FirstOccurrence, (DateTimeOffset?)FirstOccurrence, 1, "sent 1, skipped 0", (string?)null),
            (run.OccurrenceAt, run.StartedAt, run.FinishedAt, run.Attempts, run.Summary, run.Error));
        Assert.Null(run.ClaimedUntil);

        // The next occurrence the page and the command line show.
        var job = node.Services.GetRequiredService<ScheduledJobCatalog>().Find(TestScheduledJob.JobName)!;
        Assert.Equal(FirstOccurrence.AddDays(1), job.NextAt(clock.GetUtcNow()));
    }

    [Fact]
    public async Task Two_nodes_polling_together_run_each_occurrence_exactly_once()
    {
        var clock = new ManualClock(Start);
        var log = new TestJobLog { Delay = TimeSpan.FromMilliseconds(30) };
        await using var nodeA = await FirstNodeAsync(clock, log: log);
        await using var nodeB = Node(nodeA, clock, log);
        await Task.WhenAll(PollAsync(nodeA), PollAsync(nodeB));

        const int Days = 4;
        for (var day = 0; day < Days; day++)
        {
            clock.Advance(day == 0 ? TimeSpan.FromMinutes(1) : TimeSpan.FromDays(1));
            var ran = await Task.WhenAll(PollAsync(nodeA), PollAsync(nodeB), PollAsync(nodeA), PollAsync(nodeB));
            Assert.Equal(1, ran.Sum());
        }

        Assert.Equal(Days, log.Runs.Count);
        Assert.Equal(Enumerable.Range(0, Days).Select(d => FirstOccurrence.AddDays(d)), log.Runs.Select(r => r.At).Order());
        var runs = await RunsAsync(nodeA);
        Assert.Equal(Days, runs.Count);
        Assert.All(runs, r => Assert.Equal(1, r.Attempts));
    }

    [Fact]
    public async Task A_restart_after_three_missed_occurrences_runs_the_latest_once()
    {
        var clock = new ManualClock(Start);
        var log = new TestJobLog();
        var database = await DatabaseAsync();
        await using (var before = NewNode(database, clock, log, Daily))
        {
            await PollAsync(before);
            clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(1, await PollAsync(before));
        }

        // Every node down from 09:01 on day 1 until 10:00 on day 4: the occurrences of days 2, 3 and 4 were missed.
        clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(1));
        await using var after = NewNode(database, clock, log, Daily, owned: true);
        Assert.Equal(1, await PollAsync(after));
        Assert.Equal(0, await PollAsync(after));

        Assert.Equal([FirstOccurrence, FirstOccurrence.AddDays(3)], log.Runs.Select(r => r.At));
        Assert.Equal(2, (await RunsAsync(after)).Count);
    }

    [Fact]
    public async Task A_run_whose_node_died_is_taken_over_once_its_lease_runs_out_and_never_again_after_it_finished()
    {
        var clock = new ManualClock(FirstOccurrence.AddMinutes(1));
        var log = new TestJobLog();
        await using var nodeA = await FirstNodeAsync(clock, log: log);
        await using var nodeB = Node(nodeA, clock, log);
        await using (var db = nodeA.Database.CreateContext())
        {
            db.Add(new ScheduledRun
            {
                JobName = TestScheduledJob.JobName,
                OccurrenceAt = FirstOccurrence,
                Trigger = ScheduledTrigger.Schedule,
                ClaimedBy = "dead-node#1",
                ClaimedUntil = FirstOccurrence.AddMinutes(5),
                StartedAt = FirstOccurrence,
                Attempts = 1,
            });
            await db.SaveChangesAsync(Cancel);
        }

        Assert.Equal(0, (await Task.WhenAll(PollAsync(nodeA), PollAsync(nodeB))).Sum()); // the lease still holds
        Assert.Empty(log.Runs);

        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, (await Task.WhenAll(PollAsync(nodeA), PollAsync(nodeB), PollAsync(nodeA))).Sum());
        Assert.Equal(0, (await Task.WhenAll(PollAsync(nodeA), PollAsync(nodeB))).Sum());

        var occurrence = Assert.Single(log.Runs);
        Assert.Equal((FirstOccurrence, 2), (occurrence.At, occurrence.Attempt));
        var run = Assert.Single(await RunsAsync(nodeA));
        Assert.Equal((2, FirstOccurrence), (run.Attempts, run.StartedAt));
        Assert.NotNull(run.FinishedAt);
        Assert.NotEqual("dead-node#1", run.ClaimedBy);
    }

    [Fact]
    public async Task A_run_taken_too_many_times_is_given_up_with_its_reason()
    {
        var clock = new ManualClock(FirstOccurrence.AddMinutes(10));
        await using var node = await FirstNodeAsync(clock);
        await using (var db = node.Database.CreateContext())
        {
            db.Add(new ScheduledRun { JobName = TestScheduledJob.JobName, OccurrenceAt = FirstOccurrence, ClaimedBy = "dead#3", ClaimedUntil = FirstOccurrence, Attempts = 3 });
            await db.SaveChangesAsync(Cancel);
        }

        await PollAsync(node);

        Assert.Empty(node.JobLog.Runs);
        var run = Assert.Single(await RunsAsync(node));
        Assert.Equal((4, JobScheduler.GivenUpError), (run.Attempts, run.Error));
        Assert.NotNull(run.FinishedAt);
    }

    [Fact]
    public async Task A_manual_run_is_queued_once_and_run_by_the_next_poll_or_by_the_command_line()
    {
        var clock = new ManualClock(Start);
        await using var node = await FirstNodeAsync(clock, schedule: null);
        await using (var scope = node.Services.CreateAsyncScope())
        {
            var runs = scope.ServiceProvider.GetRequiredService<ScheduledRuns>();
            var (queued, refusal) = await runs.RequestAsync(TestScheduledJob.JobName, "admin@onshi.example", Cancel);
            Assert.Null(refusal);
            Assert.Equal((Start, ScheduledTrigger.Manual), (queued!.OccurrenceAt, queued.Trigger));
            Assert.Equal("ジョブ「test-job」は実行中または実行待ちです。終わってからもう一度実行してください。", (await runs.RequestAsync(TestScheduledJob.JobName, "admin@onshi.example", Cancel)).Refusal);
            Assert.Equal("ジョブ「nothing」はありません。", (await runs.RequestAsync("nothing", "admin@onshi.example", Cancel)).Refusal);
        }

        Assert.Equal(1, await PollAsync(node));
        Assert.Equal(0, await PollAsync(node));
        var occurrence = Assert.Single(node.JobLog.Runs);
        Assert.Equal((ScheduledTrigger.Manual, "admin@onshi.example"), (occurrence.Trigger, occurrence.RequestedBy));

        // The command line runs one at once, in its own process, and lists the job with its last run.
        clock.Advance(TimeSpan.FromMinutes(1));
        var command = await node.RunCommandAsync("schedule", "run", TestScheduledJob.JobName);
        Assert.True(command.ExitCode == 0, command.Error);
        Assert.Contains("完了: sent 2, skipped 0", command.Output);
        var list = await node.RunCommandAsync("schedule", "list");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains($"{TestScheduledJob.JobName}\t有効\t手動のみ\t次回 -\t前回 2026/04/01 09:00 完了", list.Output);
        Assert.Equal(2, (await RunsAsync(node)).Count(r => r.Trigger == ScheduledTrigger.Manual && r.FinishedAt != null));
    }

    [Fact]
    public async Task A_run_that_throws_records_its_error_without_the_exceptions_text_and_the_next_occurrence_still_runs()
    {
        var clock = new ManualClock(Start);
        var log = new TestJobLog { Fails = o => o.At == FirstOccurrence };
        await using var node = await FirstNodeAsync(clock, log: log);
        await PollAsync(node);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await PollAsync(node));
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await PollAsync(node));

        var runs = (await RunsAsync(node)).OrderBy(r => r.OccurrenceAt).ToList();
        Assert.Equal((JobScheduler.GenericError, (string?)null), (runs[0].Error, runs[0].Summary));
        Assert.NotNull(runs[0].FinishedAt);
        Assert.Equal(((string?)null, "sent 2, skipped 0"), (runs[1].Error, runs[1].Summary));
        Assert.DoesNotContain(runs, r => (r.Error ?? string.Empty).Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_disabled_job_never_runs_neither_on_schedule_nor_by_hand()
    {
        var clock = new ManualClock(Start);
        await using var node = await FirstNodeAsync(clock, enabled: false);
        await PollAsync(node);
        clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await PollAsync(node));
        await using (var scope = node.Services.CreateAsyncScope())
        {
            var (_, refusal) = await scope.ServiceProvider.GetRequiredService<ScheduledRuns>().RequestAsync(TestScheduledJob.JobName, "admin@onshi.example", Cancel);
            Assert.Equal("ジョブ「test-job」は設定で無効になっているため、実行できません。", refusal);
        }

        Assert.Empty(node.JobLog.Runs);
        Assert.Empty(await RunsAsync(node));
    }

    [Fact]
    public async Task A_schedule_that_is_not_cron_stops_the_start_naming_the_job()
    {
        await using var node = await FirstNodeAsync(new ManualClock(Start), schedule: "61 9 * * *");

        var error = Assert.ThrowsAny<Exception>(() => node.Services);

        var messages = string.Join(" | ", Chain(error));
        Assert.Contains("Scheduler:Jobs:test-job:Schedule: ジョブ「test-job」の実行予定「61 9 * * *」は cron の書式", messages);

        static IEnumerable<string> Chain(Exception e)
        {
            for (Exception? x = e; x is not null; x = x.InnerException)
            {
                yield return x.Message;
            }
        }
    }

    private static async Task<int> PollAsync(PortalAppFactory node) =>
        await node.Services.GetRequiredService<JobScheduler>().RunDueAsync(Cancel);

    private static async Task<List<ScheduledRun>> RunsAsync(PortalAppFactory node)
    {
        await using var db = node.Database.CreateContext();
        return await db.Set<ScheduledRun>().AsNoTracking().ToListAsync(Cancel);
    }

    private async Task<TestDatabase> DatabaseAsync()
    {
        var database = CreateDatabase();
        await database.InitializeAsync();
        if (database is PostgresTestDatabase postgres)
        {
            postgres.RequireServer();
        }

        return database;
    }

    /// <summary>The first node, which drops the database when disposed.</summary>
    private async Task<PortalAppFactory> FirstNodeAsync(ManualClock clock, string? schedule = Daily, bool enabled = true, TestJobLog? log = null) =>
        NewNode(await DatabaseAsync(), clock, log ?? new TestJobLog(), schedule, enabled, owned: true);

    /// <summary>Another node on the first one's database, sharing its clock and its job's log.</summary>
    private static PortalAppFactory Node(PortalAppFactory first, ManualClock clock, TestJobLog log) =>
        NewNode(first.Database, clock, log, first.Settings.GetValueOrDefault("Scheduler:Jobs:test-job:Schedule"), credentialKeyFile: first.CredentialKeyFile);

    private static PortalAppFactory NewNode(
        TestDatabase database, ManualClock clock, TestJobLog log, string? schedule, bool enabled = true, bool owned = false, string? credentialKeyFile = null)
    {
        PortalAppFactory node = owned
            ? new PortalAppFactoryWithDatabase(database) { Clock = clock, JobLog = log }
            : new PortalAppFactory(database) { Clock = clock, JobLog = log };
        if (credentialKeyFile is not null)
        {
            node = new PortalAppFactory(database) { Clock = clock, JobLog = log, CredentialKeyFile = credentialKeyFile };
        }

        node.Settings["Scheduler:Jobs:test-job:Schedule"] = schedule;
        node.Settings["Scheduler:Jobs:test-job:Enabled"] = enabled.ToString();

        // The product's own jobs (deadline-reminders at 9:00, campaign-follow-ups at 8:00) would run at the test job's
        // instants and be counted.
        node.Settings["Scheduler:Jobs:deadline-reminders:Enabled"] = "false";
        node.Settings["Scheduler:Jobs:campaign-follow-ups:Enabled"] = "false";
        return node;
    }
}

public sealed class SchedulerTestsOnSqlite : SchedulerTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class SchedulerTestsOnPostgres : SchedulerTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
