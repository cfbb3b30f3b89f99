using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Dashboard;
using OnshiPortal.Features.Dashboard.Weekly;
using OnshiPortal.Features.News;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Infrastructure.Scheduling;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// 週次集計 (issue 20): every week the scheduler mails the dashboard's figures by prefecture, as the dashboard's own
/// CSV files, to each 関係団体 an operator marked for it — once per association and week however often it runs, never
/// to one that was not marked or has no address; the operator marks them on the contacts page, an address required.
/// </summary>
public abstract class AssociationReportTests : DataTest
{
    [Fact]
    public async Task Each_marked_association_gets_the_figures_by_prefecture_once_a_week_as_the_dashboard_counts_them()
    {
        await using var site = await StartAppAsync();
        await site.QueueInstitutionsAsync(3, activate: false);
        await using (var db = site.Database.CreateContext())
        {
            await db.Set<Association>().Where(a => a.Id == 1).ExecuteUpdateAsync(s => s.SetProperty(a => a.Email, "info@med.example.jp").SetProperty(a => a.WeeklyReport, true));
            await db.Set<Association>().Where(a => a.Id == 3).ExecuteUpdateAsync(s => s.SetProperty(a => a.Email, "info@pharm.example.jp").SetProperty(a => a.WeeklyReport, true));
            await db.Set<Association>().Where(a => a.Id == 2).ExecuteUpdateAsync(s => s.SetProperty(a => a.Email, "circulation-only@example.jp"));
        }

        // Monday 7 December 2026, 8:00 in Japan (the shipped schedule), and a rerun the same day, and Sunday.
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.FromHours(9)).ToUniversalTime());
        var app = site.At(clock);
        Assert.Equal(2, await ReportAsync(app));
        Assert.Equal(0, await ReportAsync(app));
        clock.Set(new DateTimeOffset(2026, 12, 13, 23, 0, 0, TimeSpan.FromHours(9)).ToUniversalTime());
        Assert.Equal(0, await ReportAsync(app));

        Assert.Empty(await site.MailsToAsync("circulation-only@example.jp"));
        var mail = Assert.Single(await site.MailsToAsync("info@med.example.jp"));
        Assert.Single(await site.MailsToAsync("info@pharm.example.jp"));
        Assert.StartsWith("【週次集計】医療機関等向けポータルサイト 都道府県別の登録状況", mail.Subject, StringComparison.Ordinal);
        Assert.StartsWith("公益社団法人 日本医師会 御中", mail.TextBody, StringComparison.Ordinal);

        // The files are the dashboard's CSV downloads of the same moment, byte for byte.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var figures = await scope.ServiceProvider.GetRequiredService<RegistrationDashboard>().LoadAsync();
            var expected = AssociationReports.Files(figures);
            var files = await AttachmentsAsync(site, mail.Id);
            Assert.Equal(["registration-prefectures-20261207.csv", "registration-roadprefectures-20261207.csv"], files.Select(f => f.FileName));
            Assert.Equal(expected.Select(f => Encoding.UTF8.GetString(f.Content)), files.Select(f => Encoding.UTF8.GetString(f.Content)));
            var table = Encoding.UTF8.GetString(files[0].Content);
            Assert.StartsWith("\uFEFF都道府県番号,都道府県,", table, StringComparison.Ordinal);
            Assert.Contains($"登録率: {RateFormat.Percent(figures.Overall.Rate)}", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains($"アカウント登録済み: {figures.Overall.Accounts:N0}", mail.TextBody, StringComparison.Ordinal);
            Assert.True(figures.Overall.Institutions > 0);
        }

        // The next week, again; an association turned off meanwhile hears nothing more.
        await using (var db = site.Database.CreateContext())
        {
            await db.Set<Association>().Where(a => a.Id == 3).ExecuteUpdateAsync(s => s.SetProperty(a => a.WeeklyReport, false));
        }

        clock.Set(new DateTimeOffset(2026, 12, 14, 8, 0, 0, TimeSpan.FromHours(9)).ToUniversalTime());
        Assert.Equal(1, await ReportAsync(app));
        Assert.Equal(2, (await site.MailsToAsync("info@med.example.jp")).Count);
        Assert.Single(await site.MailsToAsync("info@pharm.example.jp"));
    }

    [Fact]
    public async Task Two_nodes_at_once_send_the_week_once()
    {
        await using var site = await StartAppAsync();
        await using (var db = site.Database.CreateContext())
        {
            await db.Set<Association>().Where(a => a.Id <= 5).ExecuteUpdateAsync(s => s.SetProperty(a => a.Email, a => "a" + a.Id + "@example.jp").SetProperty(a => a.WeeklyReport, true));
        }

        var app = site.At(new ManualClock(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.FromHours(9)).ToUniversalTime()));
        var counts = await Task.WhenAll(ReportAsync(app), ReportAsync(app));
        Assert.Equal(5, counts.Sum());
        await using var check = site.Database.CreateContext();
        Assert.Equal(5, await check.Set<OutboxMessage>().CountAsync());
    }

    [Fact]
    public async Task The_operator_marks_associations_on_the_contacts_page_and_a_mark_without_an_address_is_refused()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, "/operator");
        var (_, contacts) = await session.GetAsync("/operator/news/associations");
        Assert.Contains("週次集計", contacts, StringComparison.Ordinal);

        var (_, refused) = await session.PostAsync("/operator/news/associations?handler=Check", contacts, Contacts((1, "", true)));
        Assert.Contains("公益社団法人 日本医師会: 週次集計を送るには連絡先メールアドレスを入力してください。", refused, StringComparison.Ordinal);

        var (_, check) = await session.PostAsync("/operator/news/associations?handler=Check", contacts, Contacts((1, "info@med.example.jp", true), (2, "info@dent.example.jp", false)));
        Assert.Contains("info@med.example.jp（週次集計を送る）", check, StringComparison.Ordinal);
        var (saved, _) = await session.PostAsync("/operator/news/associations?handler=Confirm", check, new Dictionary<string, string?> { ["Draft"] = HttpSession.HiddenValue(check, "Draft") });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await using var db = app.Database.CreateContext();
        Assert.Equal(
            [(1, "info@med.example.jp", true), (2, "info@dent.example.jp", false)],
            (await db.Set<Association>().Where(a => a.Email != "").OrderBy(a => a.Id).ToListAsync()).Select(a => (a.Id, a.Email, a.WeeklyReport)));

        // Only the mark changes: still a change to confirm, recorded in the audit with before and after.
        var (_, again) = await session.GetAsync("/operator/news/associations");
        var (_, off) = await session.PostAsync("/operator/news/associations?handler=Check", again, Contacts((1, "info@med.example.jp", false), (2, "info@dent.example.jp", false)));
        Assert.Contains("info@med.example.jp（週次集計を送る）", off, StringComparison.Ordinal);
        Assert.Contains("確認", off, StringComparison.Ordinal);
        Assert.DoesNotContain("変更された連絡先がありません", off, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Contacts(params (int Id, string Email, bool Report)[] changes)
    {
        var fields = new Dictionary<string, string?>();
        for (var i = 0; i < 23; i++)
        {
            var change = changes.FirstOrDefault(c => c.Id == i + 1);
            fields[$"Input[{i}].Id"] = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            fields[$"Input[{i}].Email"] = change.Email ?? string.Empty;
            fields[$"Input[{i}].WeeklyReport"] = change.Report ? "true" : "false";
        }

        return fields;
    }

    private static async Task<List<OutboxAttachment>> AttachmentsAsync(PortalAppFactory site, long mailId)
    {
        await using var db = site.Database.CreateContext();
        return await db.Set<OutboxAttachment>().Where(a => a.OutboxMessageId == mailId).OrderBy(a => a.Id).ToListAsync();
    }

    /// <summary>One node's run of the scheduler's job (association-reports, Mondays 8:00 by the shipped configuration).</summary>
    private static async Task<int> ReportAsync(WebApplicationFactory<Program> app) =>
        (await app.RunJobAsync<AssociationReportJob>(AssociationReportJob.JobName, "0 8 * * 1", @"^reported to (\d+) associations$"))[0];
}

public sealed class AssociationReportTestsOnSqlite : AssociationReportTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class AssociationReportTestsOnPostgres : AssociationReportTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
