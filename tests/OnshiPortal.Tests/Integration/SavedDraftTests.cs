using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Procedures;
using OnshiPortal.Features.Procedures.Drafts;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Infrastructure.Mail.Reminders;
using OnshiPortal.Infrastructure.Scheduling;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// 途中保存 (issue 20): a form's entries saved as the institution's draft, resumed pre-filled from マイページ,
/// overwritten by a new save, deleted, gone once filed; out of reach of another institution; bounded; without its
/// private fields. The reminder (入力途中の手続きのお知らせ) goes once per save after 3 days to the person who saved it,
/// never once filed, never to who muted it, never twice across runs and nodes; expired drafts are deleted.
/// </summary>
public abstract class SavedDraftTests : DataTest
{
    private const string Form = "/mypage/procedures/service-application";

    /// <summary>回線事業者のお客さまID made private for these tests (the shipped private fields are the subsidy's bank account).</summary>
    private static readonly Dictionary<string, string> PrivateCustomerId = new() { ["Procedures:Forms:ServiceApplication:Fields:1:Private"] = "true" };

    [Fact]
    public async Task A_draft_is_saved_resumed_overwritten_deleted_and_filed_and_no_other_institution_reaches_it()
    {
        await using var site = await StartAppAsync();
        var (_, institutions) = await site.QueueInstitutionsAsync(2);
        var app = site.At(new ManualClock(Day(0)), PrivateCustomerId);
        var owner = await LogInAsync(app, institutions[0]);
        var other = await LogInAsync(app, institutions[1]);

        // Saved halfway: the entries but the private one; back on the form with them.
        var entries = ProcedureScenario.ServiceApplication(terminals: 3);
        entries["Values[customerId]"] = "CAF-SECRET-4711";
        entries["Values[vendorEmail]"] = null;
        entries["Values[unknown]"] = "not a field";
        var (saved, _) = await SaveAsync(owner, entries);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(Form + "?resume=true&saved=true", saved.Headers.Location!.OriginalString);
        var (_, resumed) = await owner.GetAsync(Form + "?resume=true&saved=true");
        Assert.Contains("途中保存しました", resumed);
        Assert.Contains("value=\"株式会社オンライン資格システムズ\"", resumed);
        Assert.Contains("value=\"3\"", resumed);
        Assert.DoesNotContain("CAF-SECRET-4711", resumed);
        var draft = await DraftAsync(site, institutions[0].InstitutionCode);
        Assert.DoesNotContain("CAF-SECRET", draft.Values);
        Assert.DoesNotContain("customerId", draft.Values);
        Assert.DoesNotContain("unknown", draft.Values);
        Assert.Contains("株式会社オンライン資格システムズ", draft.Values);

        var (_, myPage) = await owner.GetAsync("/mypage");
        Assert.Contains("入力途中の手続き", myPage);
        Assert.Contains(Form + "?resume=true", myPage);
        Assert.Contains(Form + "?handler=DeleteDraft", myPage);

        // Another institution: nothing listed, nothing to resume or delete, its own form empty.
        var (_, otherPage) = await other.GetAsync("/mypage");
        Assert.DoesNotContain("入力途中の手続き", otherPage);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(Form + "?resume=true")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync(Form + "?handler=DeleteDraft", otherPage, new Dictionary<string, string?>())).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync(Form + "?handler=DeleteDraft", otherPage, new Dictionary<string, string?> { ["draftVersion"] = draft.Version })).Response.StatusCode);
        Assert.DoesNotContain("オンライン資格システムズ", (await other.GetAsync(Form)).Html);
        Assert.Equal(draft.Version, (await DraftAsync(site, institutions[0].InstitutionCode)).Version);

        // Saved again: overwritten, one draft. Too long a value: refused, the saved one kept.
        entries["Values[vendorName]"] = "株式会社ほかのシステムズ";
        await SaveAsync(owner, entries);
        var second = await DraftAsync(site, institutions[0].InstitutionCode);
        Assert.NotEqual(draft.Version, second.Version);
        Assert.Contains("株式会社ほかのシステムズ", second.Values);
        entries["Values[vendorName]"] = new string('長', 101);
        var (refused, refusedPage) = await SaveAsync(owner, entries);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("システム事業者の名称は100文字以内で入力してください（現在101文字）。", refusedPage);
        Assert.Equal(second.Version, (await DraftAsync(site, institutions[0].InstitutionCode)).Version);
        await using (var db = site.Database.CreateContext())
        {
            Assert.Equal(1, await db.Set<SavedDraft>().CountAsync());
        }

        // Deleted from マイページ in a second step, the version shown there (with its token: no token, no delete).
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.Client.PostAsync(Form + "?handler=DeleteDraft", new FormUrlEncodedContent([]))).StatusCode);
        (_, myPage) = await owner.GetAsync("/mypage");
        Assert.Contains("の途中保存を削除します。削除した内容は元に戻せません。", myPage);

        // Saved again (a colleague, another tab) after that page was shown: its delete keeps the newer draft and says
        // so; a delete naming no version (a post made by hand) deletes nothing either.
        entries["Values[vendorName]"] = "株式会社あとからシステムズ";
        await SaveAsync(owner, entries);
        var shown = new Dictionary<string, string?> { ["draftVersion"] = HttpSession.HiddenValue(myPage, "draftVersion") };
        var (stale, _) = await owner.PostAsync(Form + "?handler=DeleteDraft", myPage, shown);
        Assert.Equal("/mypage?draftChanged=true", stale.Headers.Location!.OriginalString);
        Assert.Contains("削除しませんでした。", (await owner.GetAsync("/mypage?draftChanged=true")).Html);
        var (bare, _) = await owner.PostAsync(Form + "?handler=DeleteDraft", myPage, new Dictionary<string, string?>());
        Assert.Equal("/mypage?draftChanged=true", bare.Headers.Location!.OriginalString);
        Assert.Contains("株式会社あとからシステムズ", (await DraftAsync(site, institutions[0].InstitutionCode)).Values);

        // The version shown now: deleted, then gone.
        (_, myPage) = await owner.GetAsync("/mypage");
        var (deleted, _) = await owner.PostAsync(Form + "?handler=DeleteDraft", myPage, new Dictionary<string, string?> { ["draftVersion"] = HttpSession.HiddenValue(myPage, "draftVersion") });
        Assert.Equal("/mypage?draftDeleted=true", deleted.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync(Form + "?resume=true")).Response.StatusCode);
        Assert.DoesNotContain("入力途中の手続き", (await owner.GetAsync("/mypage")).Html);

        // Saved, then filed: the draft goes with the filing.
        entries["Values[vendorName]"] = "株式会社オンライン資格システムズ";
        await SaveAsync(owner, entries);
        await owner.FileProcedureAsync("service-application", ProcedureScenario.ServiceApplication());
        await using (var db = site.Database.CreateContext())
        {
            Assert.Equal(0, await db.Set<SavedDraft>().CountAsync());
        }

        // The topic is on the mail settings page, on for everyone.
        var (_, settings) = await owner.GetAsync("/account/notifications");
        Assert.Contains("入力途中の手続きのお知らせ", settings);
        Assert.Matches("value=\"Drafts\"[^>]*checked", settings);
    }

    [Fact]
    public async Task A_draft_left_three_days_is_reminded_once_per_save_never_once_filed_nor_to_the_muted()
    {
        await using var site = await StartAppAsync();
        var (_, institutions) = await site.QueueInstitutionsAsync(4);
        var (left, filed, muted, deleted) = (institutions[0], institutions[1], institutions[2], institutions[3]);
        await site.UpdatePersonAsync(muted.Person.Email!, u => u.MutedMails = MailTopics.Drafts);
        var clock = new ManualClock(Day(0));
        var app = site.At(clock);
        foreach (var institution in institutions)
        {
            await SaveAsync(app, institution);
        }

        await site.AddFilingAsync(filed.InstitutionCode, FilingType.ServiceApplication, FilingState.Submitted, Day(3)); // filed on day 1
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<SavedDrafts>().DeleteAsync(deleted.InstitutionCode, FilingType.ServiceApplication, CancellationToken.None));
        }

        clock.Set(Day(2));
        Assert.Equal((0, 0), await RemindAsync(app));

        // Day 3: two nodes at once send it once; a rerun sends nothing.
        clock.Set(Day(3));
        var runs = await Task.WhenAll(RemindAsync(app), RemindAsync(app));
        Assert.Equal(1, runs.Sum(r => r.Reminded));
        Assert.Equal((0, 0), await RemindAsync(app));
        var mail = Assert.Single(await RemindersToAsync(site, left.Person.Email!));
        Assert.Contains("入力途中の利用申請があります", mail.Subject);
        Assert.Contains("/mypage/procedures/service-application?resume=true", mail.TextBody);
        Assert.Contains("令和8年12月7日", mail.TextBody); // saved on
        Assert.Contains("/mypage/procedures/service-application?resume=true", mail.HtmlBody);
        foreach (var quiet in new[] { filed, muted, deleted })
        {
            Assert.Empty(await RemindersToAsync(site, quiet.Person.Email!));
        }

        // Saved again on day 4: a new occasion, reminded on day 7 and not before.
        clock.Set(Day(4));
        await SaveAsync(app, left);
        clock.Set(Day(6));
        Assert.Equal((0, 0), await RemindAsync(app));
        clock.Set(Day(7));
        Assert.Equal((1, 0), await RemindAsync(app));
        Assert.Equal(2, (await RemindersToAsync(site, left.Person.Email!)).Count);
        await using (var db = site.Database.CreateContext())
        {
            Assert.Equal(2, await db.Set<SentReminder>().CountAsync(r => r.Kind == DraftReminders.Kind));
        }

        // 30 days after their last save the drafts are deleted (the muted one, the filed one, then the one saved again).
        clock.Set(Day(31));
        Assert.Equal((0, 2), await RemindAsync(app));
        clock.Set(Day(34));
        Assert.Equal((0, 1), await RemindAsync(app));
        await using (var db = site.Database.CreateContext())
        {
            Assert.Equal(0, await db.Set<SavedDraft>().CountAsync());
        }
    }

    private static async Task<HttpSession> LogInAsync(WebApplicationFactory<Program> app, InstitutionAccess institution)
    {
        var session = app.Session();
        await session.LogInAsync(institution.Person.Email!, ActivationScenario.NewPassword, "/mypage");
        return session;
    }

    /// <summary>途中保存 on the form, as the browser posts it.</summary>
    private static async Task<(HttpResponseMessage Response, string Html)> SaveAsync(HttpSession session, Dictionary<string, string?> entries)
    {
        var (_, form) = await session.GetAsync(Form);
        return await session.PostAsync(Form + "?handler=Save", form, entries);
    }

    /// <summary>The institution's 管理者 saves half a 利用申請 (the service the form calls).</summary>
    private static async Task SaveAsync(WebApplicationFactory<Program> app, InstitutionAccess institution)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var form = scope.ServiceProvider.GetRequiredService<IOptions<ProcedureOptions>>().Value.FormOf(FilingType.ServiceApplication);
        var errors = await scope.ServiceProvider.GetRequiredService<SavedDrafts>().SaveAsync(
            institution, FilingType.ServiceApplication, form.Fields, new Dictionary<string, string?> { ["terminals"] = "2" }, CancellationToken.None);
        Assert.Empty(errors);
    }

    private static async Task<SavedDraft> DraftAsync(PortalAppFactory site, string code)
    {
        await using var db = site.Database.CreateContext();
        return await db.Set<SavedDraft>().AsNoTracking().SingleAsync(d => d.InstitutionCode == code);
    }

    private static async Task<List<OutboxMessage>> RemindersToAsync(PortalAppFactory site, string email) =>
        (await site.MailsToAsync(email)).Where(m => m.Subject.Contains("入力途中の", StringComparison.Ordinal)).ToList();

    /// <summary>One node's run of the scheduler's job (draft-reminders, daily at 9:30 by the shipped configuration).</summary>
    private static async Task<(int Reminded, int Deleted)> RemindAsync(WebApplicationFactory<Program> app)
    {
        var counts = await app.RunJobAsync<DraftReminderJob>(DraftReminderJob.JobName, "30 9 * * *", @"^reminded (\d+) people, deleted (\d+) expired drafts$");
        return (counts[0], counts[1]);
    }

    /// <summary>10:00 in Japan, <paramref name="days"/> after 7 December 2026.</summary>
    private static DateTimeOffset Day(int days) => new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.FromHours(9)).AddDays(days).ToUniversalTime();
}

public sealed class SavedDraftTestsOnSqlite : SavedDraftTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class SavedDraftTestsOnPostgres : SavedDraftTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
