using Microsoft.Playwright;
using OnshiPortal.Features.Account;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// Issue 20's scheduler page in a real browser, with the node's own scheduler polling: an Admin finds it in the menu,
/// sees the job's schedule and next run, clicks 「今すぐ実行」, and sees the run end with its counts; axe on each state.
/// </summary>
public abstract class SchedulerJourney(Browser browser) : TwinJourney
{


    [Fact]
    public async Task An_Admin_runs_a_job_now_and_sees_it_finish()
    {
        await using var app = await EndToEndApp.StartAsync(
            settings: new Dictionary<string, string?>
            {
                ["Scheduler:Enabled"] = "true",
                ["Scheduler:PollInterval"] = "00:00:00.2",
                ["Scheduler:Jobs:test-job:Schedule"] = "0 9 * * 1-5",
            },
            database: CreateDatabase());
        var (email, password) = await app.AddOperatorAsync(Roles.Admin);
        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await page.LogInAsync(app, email, password);
        await page.GotoAsync("/operator");
        await page.GetByRole(AriaRole.Link, new() { Name = "定期実行ジョブ" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "定期実行ジョブ", Level = 1 })).ToBeVisibleAsync();
        var job = page.GetByRole(AriaRole.Region, new() { Name = "test-job" });
        await Assertions.Expect(job).ToContainTextAsync("0 9 * * 1-5");
        await Assertions.Expect(job).ToContainTextAsync("実行の記録はまだありません。");
        await CheckPageAsync(page, "1-scheduler");

        await job.GetByRole(AriaRole.Button, new() { Name = "今すぐ実行" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("ジョブ「test-job」の実行を受け付けました。");

        // The node's scheduler takes it at its next poll.
        var runs = job.GetByRole(AriaRole.Table, new() { Name = "test-job の直近の実行" });
        for (var i = 0; i < 50 && !(await job.InnerTextAsync()).Contains("sent 1, skipped 0", StringComparison.Ordinal); i++)
        {
            await Task.Delay(200);
            await page.ReloadAsync();
        }

        await Assertions.Expect(runs).ToContainTextAsync("完了");
        await Assertions.Expect(runs).ToContainTextAsync($"手動（{email}）");
        await Assertions.Expect(runs).ToContainTextAsync("sent 1, skipped 0");
        await CheckPageAsync(page, "2-scheduler-run");
    }
}

[Collection(BrowserCollection.Name)]
public sealed class SchedulerJourneyOnSqlite(Browser browser) : SchedulerJourney(browser)
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();

    protected override string? ScreenshotPrefix => "sch";
}

[Collection(BrowserCollection.Name)]
public sealed class SchedulerJourneyOnPostgres(Browser browser) : SchedulerJourney(browser)
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();

    protected override string? ScreenshotPrefix => null;
}
