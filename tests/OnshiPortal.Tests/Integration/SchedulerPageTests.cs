using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Account;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Scheduling;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// /operator/scheduler through the HTTP pipeline: an Admin sees each job with its runs and queues a run now (audited),
/// a second click (or two at once) queues nothing more and says why, and an operator who is not an Admin is refused.
/// </summary>
public abstract class SchedulerPageTests : DataTest
{
    private const string Page = "/operator/scheduler";

    [Fact]
    public async Task An_Admin_runs_a_job_now_once_however_often_the_button_is_clicked()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync(Roles.Admin);
        var admin = new HttpSession(app.CreateBrowserLikeClient());
        await admin.LogInAsync(email, password, "/operator");

        var (response, html) = await admin.GetAsync(Page);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h2 id=\"job-test-job\">test-job</h2>", html);
        Assert.Contains("手動のみ", html);
        Assert.Contains("実行の記録はまだありません。", html);

        // Two clicks at once, then a third: one run queued.
        var fields = new Dictionary<string, string?> { ["job"] = TestScheduledJob.JobName };
        var clicks = await Task.WhenAll(
            admin.PostAsync(Page + "?handler=Run", html, fields),
            admin.PostAsync(Page + "?handler=Run", html, fields));
        Assert.Single(clicks, c => c.Response.StatusCode == HttpStatusCode.Redirect);
        var (again, refused) = await admin.PostAsync(Page + "?handler=Run", html, fields);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("ジョブ「test-job」は実行中または実行待ちです。終わってからもう一度実行してください。", refused);

        (_, html) = await admin.GetAsync(Page);
        Assert.Contains("実行待ち", html);
        Assert.Contains($"手動（{email}）", html);

        // Any node's next poll runs it; the page shows how it ended.
        Assert.Equal(1, await app.Services.GetRequiredService<JobScheduler>().RunDueAsync(TestContext.Current.CancellationToken));
        (_, html) = await admin.GetAsync(Page);
        Assert.Contains("完了", html);
        Assert.Contains("sent 1, skipped 0", html);
        Assert.Single(app.JobLog.Runs);

        await using var db = app.Database.CreateContext();
        var run = await db.Set<ScheduledRun>().SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal((ScheduledTrigger.Manual, email, 1), (run.Trigger, run.RequestedBy, run.Attempts));
        var audit = await db.Set<AuditEntry>().SingleAsync(a => a.Action == "scheduler.run-requested", TestContext.Current.CancellationToken);
        Assert.Equal(email, audit.Actor);
        Assert.Contains("test-job", audit.Details);
    }

    [Fact]
    public async Task An_operator_who_is_not_an_Admin_is_refused()
    {
        await using var app = await StartAppAsync();
        var (adminEmail, adminPassword) = await app.AddOperatorAsync(Roles.Admin);
        var admin = new HttpSession(app.CreateBrowserLikeClient());
        await admin.LogInAsync(adminEmail, adminPassword, "/operator");
        var (_, adminPage) = await admin.GetAsync(Page);

        var (email, password) = await app.AddOperatorAsync(Roles.Operator);
        var operatorSession = new HttpSession(app.CreateBrowserLikeClient());
        await operatorSession.LogInAsync(email, password, "/operator");

        Refusals.AssertForbidden((await operatorSession.GetAsync(Page)).Response);
        var (_, menu) = await operatorSession.GetAsync("/operator");
        Assert.DoesNotContain(Page, menu);
        var (posted, _) = await operatorSession.PostAsync(Page + "?handler=Run", menu, new Dictionary<string, string?> { ["job"] = TestScheduledJob.JobName });
        Refusals.AssertForbidden(posted);

        await using var db = app.Database.CreateContext();
        Assert.Equal(0, await db.Set<ScheduledRun>().CountAsync(TestContext.Current.CancellationToken));
        Assert.Contains("job-test-job", adminPage);
    }
}

public sealed class SchedulerPageTestsOnSqlite : SchedulerPageTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class SchedulerPageTestsOnPostgres : SchedulerPageTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
