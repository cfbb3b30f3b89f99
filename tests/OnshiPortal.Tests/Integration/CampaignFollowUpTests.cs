using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Campaigns.FollowUps;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Scheduling;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// 再送の自動提案 (issue 20): 30 days after a campaign's 発送日 the scheduler's job proposes the next 再送 as a draft,
/// once (a rerun, a second node, the next day, or after the operator deleted the draft: nothing more), never issued
/// by itself, with its targets counted by prefecture; an operator with the right role approves it.
/// </summary>
public abstract class CampaignFollowUpTests : DataTest
{
    /// <summary>The first campaign's 発送日 (CampaignScenario: the cutoff 2023-01-15 and 19 days).</summary>
    private static readonly DateOnly LetterDate = CampaignScenario.Cutoff.AddDays(19);

    [Fact]
    public async Task The_resend_is_proposed_once_at_30_days_as_a_draft_with_its_counts_by_prefecture_and_never_issued()
    {
        await using var site = await StartAppAsync();
        var records = CampaignScenario.Records(12);
        await site.ImportAsync(records);
        var first = await site.CreateCampaignAsync(CampaignKind.Unregistered, CampaignScenario.Cutoff);
        await site.IssueCampaignAsync(first.Id);
        Assert.Equal(new DateOnly(2023, 2, 3), (await CampaignAsync(site, first.Id)).LetterDate);

        // Three of the twelve register after the letter: nine are left for the 再送.
        var registered = records.Take(3).Select(r => r.Code.Value).ToList();
        foreach (var code in registered)
        {
            await site.AddAccountAsync(code, new DateOnly(2023, 2, 10));
        }

        var credentials = await CountAsync<TemporaryCredential>(site);
        var clock = new ManualClock(At(LetterDate.AddDays(29)));
        var app = site.At(clock);
        Assert.Equal("proposed 0, nobody left 0", await RunAsync(app));
        Assert.Equal(1, await CountAsync<Campaign>(site));

        // Day 30: two nodes at once propose one draft between them.
        clock.Set(At(LetterDate.AddDays(30)));
        var runs = await Task.WhenAll(RunAsync(app), RunAsync(app));
        Assert.Equal(["proposed 0, nobody left 0", "proposed 1, nobody left 0"], runs.Order());
        var draft = await ProposalAsync(site);
        Assert.Equal((CampaignKind.Resend, first.Id, CampaignState.Draft, CampaignFollowUps.Proposer), (draft.Kind, draft.AfterCampaignId, draft.State, draft.CreatedBy));
        Assert.Equal((new DateOnly(2023, 3, 5), new DateOnly(2023, 3, 12), 9), (draft.CutoffDate, draft.LetterDate, draft.TargetCount));
        Assert.Equal(At(LetterDate.AddDays(30)), (await CampaignAsync(site, first.Id)).FollowUpConsideredAt);

        // Nothing issued: every letter pending, no credential made.
        await using (var db = site.Database.CreateContext())
        {
            Assert.Equal(9, await db.Set<CampaignLetter>().CountAsync(l => l.CampaignId == draft.Id && l.State == CampaignLetterState.Pending));
            Assert.Equal(9, await db.Set<CampaignLetter>().CountAsync(l => l.CampaignId == draft.Id));
            Assert.DoesNotContain(await db.Set<CampaignLetter>().Where(l => l.CampaignId == draft.Id).Select(l => l.InstitutionCode).ToListAsync(), registered.Contains);
        }

        Assert.Equal(credentials, await CountAsync<TemporaryCredential>(site));

        // Counts by prefecture: all 47 in JIS order, each the unregistered institutions of that prefecture.
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var counts = await CampaignCounts.ForAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), draft.Id, CancellationToken.None);
            Assert.Equal(Enumerable.Range(1, 47), counts.ByPrefecture.Select(p => p.Prefecture));
            var left = records.Skip(3).ToList();
            foreach (var row in counts.ByPrefecture)
            {
                Assert.Equal(left.Count(r => r.Code.Prefecture == row.Prefecture && r.Code.Kind == InstitutionKind.Medical), row.Medical);
                Assert.Equal(left.Count(r => r.Code.Prefecture == row.Prefecture && r.Code.Kind == InstitutionKind.Dental), row.Dental);
                Assert.Equal(left.Count(r => r.Code.Prefecture == row.Prefecture && r.Code.Kind == InstitutionKind.Pharmacy), row.Pharmacy);
            }

            Assert.Equal(9, counts.Total);
        }

        // The next day, a rerun by hand, and after the operator deleted the draft: nothing more.
        clock.Set(At(LetterDate.AddDays(31)));
        Assert.Equal("proposed 0, nobody left 0", await RunAsync(app));
        await using (var db = site.Database.CreateContext())
        {
            await db.Set<Campaign>().Where(c => c.Id == draft.Id).ExecuteDeleteAsync();
        }

        Assert.Equal("proposed 0, nobody left 0", await RunAsync(app));
        Assert.Equal(1, await CountAsync<Campaign>(site));
    }

    [Fact]
    public async Task A_campaign_whose_institutions_all_registered_gets_no_draft_but_is_marked_considered()
    {
        await using var site = await StartAppAsync();
        var records = CampaignScenario.Records(3);
        await site.ImportAsync(records);
        var first = await site.CreateCampaignAsync(CampaignKind.Unregistered, CampaignScenario.Cutoff);
        await site.IssueCampaignAsync(first.Id);
        foreach (var record in records)
        {
            await site.AddAccountAsync(record.Code.Value, new DateOnly(2023, 2, 10));
        }

        var app = site.At(new ManualClock(At(LetterDate.AddDays(45))));
        Assert.Equal("proposed 0, nobody left 1", await RunAsync(app));
        Assert.Equal("proposed 0, nobody left 0", await RunAsync(app));
        Assert.Equal(1, await CountAsync<Campaign>(site));
        Assert.NotNull((await CampaignAsync(site, first.Id)).FollowUpConsideredAt);
        var (_, page) = await (await SessionAsync(site, Roles.Operator)).GetAsync($"/operator/campaigns/{first.Id}");
        Assert.Contains("に確認しました（再送の下書きはありません）。", page);
    }

    [Fact]
    public async Task A_resend_the_rules_refuse_is_the_runs_error_and_the_campaign_stays_unmarked()
    {
        await using var site = await StartAppAsync();
        await site.ImportAsync(CampaignScenario.Records(3));
        var first = await site.CreateCampaignAsync(CampaignKind.Unregistered, CampaignScenario.Cutoff);
        await site.IssueCampaignAsync(first.Id);

        // The proposal's 発送日 (3/12) would come after the filing deadline moved to 3/10.
        var app = site.At(new ManualClock(At(LetterDate.AddDays(30))), new Dictionary<string, string> { ["Filings:Deferral:Deadline"] = "2023-03-10" });
        var error = await Assert.ThrowsAsync<ScheduledJobException>(() => RunAsync(app));
        Assert.Contains($"発送ID {first.Id}: 発送日が事前届出の期限", error.Message);
        Assert.Null((await CampaignAsync(site, first.Id)).FollowUpConsideredAt);
        Assert.Equal(1, await CountAsync<Campaign>(site));
    }

    [Fact]
    public async Task The_operator_sees_the_proposal_and_approves_it_a_printer_may_not_and_a_clinic_sees_nothing()
    {
        await using var site = await StartAppAsync();
        var records = CampaignScenario.Records(6);
        await site.ImportAsync(records);
        var first = await site.CreateCampaignAsync(CampaignKind.Unregistered, CampaignScenario.Cutoff);
        await site.IssueCampaignAsync(first.Id);
        Assert.Equal("proposed 1, nobody left 0", await RunAsync(site.At(new ManualClock(At(LetterDate.AddDays(30))))));
        var draft = await ProposalAsync(site);
        var details = $"/operator/campaigns/{draft.Id}";

        var operatorSession = await SessionAsync(site, Roles.Operator);
        var (_, list) = await operatorSession.GetAsync("/operator/campaigns");
        Assert.Contains("承認待ちの自動提案（1件）", list);
        Assert.Contains($"href=\"{details}\"", list);
        var (_, page) = await operatorSession.GetAsync(details);
        Assert.Contains("自動提案", page);
        Assert.Contains($"発送ID {first.Id} の発送日から一定の日数がたっても", page);
        Assert.Contains($"<dt>再送の自動提案</dt><dd><a href=\"{details}\">発送ID {draft.Id}</a></dd>", (await operatorSession.GetAsync($"/operator/campaigns/{first.Id}")).Html);
        Assert.Contains("<caption>都道府県・種別ごとの対象件数</caption>", page);
        Assert.Equal(47, System.Text.RegularExpressions.Regex.Count(page, "<tr><th scope=\"row\">[^<]+[都道府県]</th>"));

        // A Printer sees it but may not issue it; the operator does.
        var printer = await SessionAsync(site, Roles.Printer);
        var (_, printerPage) = await printer.GetAsync(details);
        Assert.DoesNotContain("件を発行する", printerPage);
        Refusals.AssertForbidden((await printer.PostAsync(details + "?handler=Issue", printerPage, new Dictionary<string, string?>())).Response);
        Assert.Equal(CampaignState.Draft, (await CampaignAsync(site, draft.Id)).State);
        Assert.Contains("6件を発行する", page);
        var (issue, _) = await operatorSession.PostAsync(details + "?handler=Issue", page, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.Redirect, issue.StatusCode);
        for (var i = 0; i < 150 && (await CampaignAsync(site, draft.Id)).State == CampaignState.Draft; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(CampaignState.Issued, (await CampaignAsync(site, draft.Id)).State);
        Assert.DoesNotContain("承認待ちの自動提案", (await operatorSession.GetAsync("/operator/campaigns")).Html);

        // An institution's account reaches neither the proposal, the list nor the dashboard.
        const string password = "umi-no-mieru-machi-2026";
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var code = records[0].Code.Value;
            var created = await users.CreateAsync(
                new PortalUser { UserName = "clinic@example.jp", Email = "clinic@example.jp", EmailConfirmed = true, InstitutionCode = code, InstitutionRole = InstitutionRole.Administrator, AccountOf = code, CreatedAt = DateTimeOffset.UtcNow },
                password);
            Assert.True(created.Succeeded);
        }

        var clinic = new HttpSession(site.CreateBrowserLikeClient());
        await clinic.LogInAsync("clinic@example.jp", password, "/mypage");
        foreach (var url in new[] { details, "/operator/campaigns", "/operator/dashboard" })
        {
            var (response, html) = await clinic.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("https://localhost/access-denied", response.Headers.Location!.ToString());
            Assert.DoesNotContain("自動提案", html);
        }
    }

    private static async Task<HttpSession> SessionAsync(PortalAppFactory site, string role)
    {
        var (email, password) = await site.AddOperatorAsync(role);
        var session = new HttpSession(site.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, "/operator");
        return session;
    }

    /// <summary>One node's run of the scheduler's job (campaign-follow-ups, daily by the shipped configuration), in its own scope; its summary.</summary>
    private static Task<string> RunAsync(WebApplicationFactory<Program> app) =>
        app.RunJobAsync<CampaignFollowUpJob>(CampaignFollowUpJob.JobName, "0 8 * * *");

    private static async Task<Campaign> ProposalAsync(PortalAppFactory site)
    {
        await using var db = site.Database.CreateContext();
        return await db.Set<Campaign>().SingleAsync(c => c.CreatedBy == CampaignFollowUps.Proposer);
    }

    private static async Task<Campaign> CampaignAsync(PortalAppFactory site, long id)
    {
        await using var db = site.Database.CreateContext();
        return await db.Set<Campaign>().SingleAsync(c => c.Id == id);
    }

    private static async Task<int> CountAsync<T>(PortalAppFactory site)
        where T : class
    {
        await using var db = site.Database.CreateContext();
        return await db.Set<T>().CountAsync();
    }

    /// <summary>8:00 in Japan on that day (the job's hour).</summary>
    private static DateTimeOffset At(DateOnly day) => new DateTimeOffset(day.ToDateTime(new TimeOnly(8, 0)), TimeSpan.FromHours(9)).ToUniversalTime();
}

public sealed class CampaignFollowUpTestsOnSqlite : CampaignFollowUpTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class CampaignFollowUpTestsOnPostgres : CampaignFollowUpTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
