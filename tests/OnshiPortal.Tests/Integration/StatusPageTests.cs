using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Status;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Housekeeping;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// Issue 20's status page over HTTP: an operator opens an incident (Markdown, never script), the banner is on every
/// page and /status.json says so, the people who asked get one mail when it opens and one all-clear when it is closed
/// (sent by the close itself), nobody else; outsiders cannot write; what is wrong changes nothing.
/// </summary>
public abstract class StatusPageTests : DataTest
{
    private const string Clinic = "status-clinic@example.jp";

    [Fact]
    public async Task An_incident_shows_on_every_page_mails_those_who_asked_once_and_its_close_sends_the_all_clear()
    {
        await using var app = await StartAppAsync();
        var (_, people) = await app.QueueInstitutionsAsync(2);
        var (subscriber, other) = (people[0].Person.Email!, people[1].Person.Email!);
        await app.UpdatePersonAsync(subscriber, u => u.MutedMails = MailTopics.None); // turned 障害・メンテナンス on
        var visitor = new HttpSession(app.CreateBrowserLikeClient());
        Assert.Contains("現在、障害やメンテナンスはありません。", (await visitor.GetAsync("/status")).Html);
        Assert.Equal("ok", (await StatusJsonAsync(visitor)).GetProperty("status").GetString());

        var (email, password) = await app.AddOperatorAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, "/operator");
        var (_, form) = await session.GetAsync("/operator/status");
        var (opened, _) = await session.PostAsync("/operator/status", form, new Dictionary<string, string?>
        {
            ["Kind"] = "Outage",
            ["Title"] = "ログインできない障害",
            ["Body"] = "**10時頃から**ログインできません。<script>alert(1)</script>\n\n[回避策](javascript:alert(1))",
        });
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        var id = long.Parse(opened.Headers.Location!.OriginalString.Split('/', '?')[3], System.Globalization.CultureInfo.InvariantCulture);

        // The banner on pages anyone sees (each node reads it at most every 15 seconds; this one forgot at the open).
        foreach (var path in new[] { "/", "/login", "/news" })
        {
            Assert.Contains("ログインできない障害", (await visitor.GetAsync(path)).Html);
        }

        var (_, status) = await visitor.GetAsync("/status");
        Assert.Contains("<strong>10時頃から</strong>", status);
        Assert.DoesNotContain("<script>alert(1)", status);
        Assert.DoesNotContain("javascript:", status);
        var json = await StatusJsonAsync(visitor);
        Assert.Equal("outage", json.GetProperty("status").GetString());
        Assert.Equal("ログインできない障害", json.GetProperty("open")[0].GetProperty("title").GetString());

        // The mail: once to the person who asked, even when the job runs twice (or on two nodes); never to the other.
        Assert.Equal(1, await MailAsync(app));
        Assert.Equal(0, await MailAsync(app));
        var first = Assert.Single(await app.MailsToAsync(subscriber), m => m.Subject.Contains("障害のお知らせ", StringComparison.Ordinal));
        Assert.Contains("ログインできない障害", first.Subject);
        Assert.Contains("10時頃から", first.TextBody);
        Assert.DoesNotContain(await app.MailsToAsync(other), m => m.Subject.Contains("障害", StringComparison.Ordinal));

        // A report, then the close: the banner goes, the all-clear goes by itself, a second close is refused.
        var (_, details) = await session.GetAsync($"/operator/status/{id}");
        Assert.Equal(HttpStatusCode.Redirect, (await session.PostAsync($"/operator/status/{id}?handler=Update", details, new Dictionary<string, string?> { ["Update"] = "原因を調査しています。" })).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.PostAsync($"/operator/status/{id}?handler=Resolve", details, new Dictionary<string, string?> { ["Resolution"] = "11時30分に復旧しました。" })).Response.StatusCode);
        var (again, againHtml) = await session.PostAsync($"/operator/status/{id}?handler=Resolve", details, new Dictionary<string, string?> { ["Resolution"] = "もう一度" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("この障害・メンテナンスは復旧済みです。", againHtml);
        Assert.DoesNotContain("ログインできない障害", (await visitor.GetAsync("/")).Html);
        json = await StatusJsonAsync(visitor);
        Assert.Equal("ok", json.GetProperty("status").GetString());
        Assert.Equal(3, json.GetProperty("past")[0].GetProperty("updates").GetArrayLength());
        Assert.Contains("11時30分に復旧しました。", (await visitor.GetAsync("/status")).Html);

        Assert.Equal(1, await MailAsync(app));
        Assert.Equal(0, await MailAsync(app));
        var allClear = Assert.Single(await app.MailsToAsync(subscriber), m => m.Subject.Contains("復旧のお知らせ", StringComparison.Ordinal));
        Assert.Contains("11時30分に復旧しました。", allClear.TextBody);
        await using var db = app.Database.CreateContext();
        Assert.Equal(["status.opened", "status.updated", "status.resolved"], await db.Set<Infrastructure.Audit.AuditEntry>().Where(a => a.Action.StartsWith("status.")).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task Only_the_back_office_writes_and_what_is_wrong_opens_nothing()
    {
        await using var app = await StartAppAsync();
        await app.ActivatedInstitutionAsync(Clinic);
        var clinic = new HttpSession(app.CreateBrowserLikeClient());
        await clinic.LogInAsync(Clinic, ActivationScenario.NewPassword, "/mypage");
        var (forbidden, _) = await clinic.GetAsync("/operator/status");
        Assert.NotEqual(HttpStatusCode.OK, forbidden.StatusCode);
        var (_, page) = await clinic.GetAsync("/status");
        var (posted, _) = await clinic.PostAsync("/operator/status", page, new Dictionary<string, string?> { ["Kind"] = "Outage", ["Title"] = "偽の障害", ["Body"] = "偽" });
        Assert.NotEqual(HttpStatusCode.OK, posted.StatusCode);
        Assert.False(posted.Headers.Location?.OriginalString.StartsWith("/operator/status/", StringComparison.Ordinal) == true);

        var (email, password) = await app.AddOperatorAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, "/operator");
        var (_, form) = await session.GetAsync("/operator/status");
        var (empty, html) = await session.PostAsync("/operator/status", form, new Dictionary<string, string?> { ["Kind"] = "Outage", ["Title"] = " ", ["Body"] = new string('あ', IncidentUpdate.MaxBodyLength + 1) });
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("件名を入力してください。", html);
        Assert.Contains("状況は5000文字以内で入力してください。", html);
        var (badKind, kindHtml) = await session.PostAsync("/operator/status", form, new Dictionary<string, string?> { ["Kind"] = "7", ["Title"] = "件名", ["Body"] = "本文" });
        Assert.Equal(HttpStatusCode.OK, badKind.StatusCode);
        Assert.Contains("種類を選んでください。", kindHtml);
        await using var db = app.Database.CreateContext();
        Assert.Equal(0, await db.Set<Incident>().CountAsync());
        Assert.Equal(0, await db.Set<IncidentMailing>().CountAsync());
    }

    private static async Task<JsonElement> StatusJsonAsync(HttpSession session)
    {
        var (response, body) = await session.GetAsync("/status.json");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>One pass of the mails' job, as a node's housekeeping runs it.</summary>
    private static async Task<int> MailAsync(PortalAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var job = scope.ServiceProvider.GetServices<IHousekeepingTask>().OfType<StatusByMail>().Single();
        return await job.RunAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), DateTimeOffset.UtcNow, default);
    }
}

public sealed class StatusPageTestsOnSqlite : StatusPageTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class StatusPageTestsOnPostgres : StatusPageTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
