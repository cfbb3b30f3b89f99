using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.News;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Vendors;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// An institution's people at the call centre (list, 利用停止 ending the open session at once, its lifting, 管理者の復旧
/// after the identity checks), the mail preferences of each person and news by mail (issue 17).
/// </summary>
public abstract class PeopleCallCentreTests : DataTest
{
    private const string Admin = "jimucho@clinic.example";
    private const string Clerk = "tanto@clinic.example";
    private const string Reason = "事務長からの電話（退職者のアカウント）";

    [Fact]
    public async Task Operators_see_the_people_and_a_suspension_ends_the_persons_open_session_at_once()
    {
        await using var app = await StartAppAsync();
        var (_, institution) = await app.ActivatedInstitutionAsync(Admin);
        var code = institution.Code.Value;
        var clerkId = await app.AddPersonAsync(code, Clerk, InstitutionRole.Clerk, "佐藤 花子");
        var vendorId = await AddVendorAsync(app, code);

        var clerk = new HttpSession(app.CreateBrowserLikeClient());
        await clerk.LogInAsync(Clerk, ActivationScenario.NewPassword, "/mypage");
        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync("/mypage")).Response.StatusCode);

        var operatorSession = await OperatorAsync(app, Roles.Operator);
        var (_, page) = await operatorSession.GetAsync($"/operator/institutions/{code}");
        Assert.Contains("佐藤 花子", page);
        Assert.Contains(Clerk, page);
        Assert.Contains("担当者", page);
        Assert.Contains("管理者", page);
        Assert.Contains("利用中", page);
        Assert.Contains("登録時のアカウント", page);
        Assert.Contains("ベンダーへの委任", page);
        Assert.Contains("vendor@systems.example", page);
        Assert.Contains("株式会社テストシステムズ", page);
        Assert.Contains("承継届出", page);
        Assert.Contains($"/operator/institutions/{code}/suspend-person?person={clerkId}", page);
        Assert.DoesNotContain($"href=\"/operator/institutions/{code}/restore-administrator\"", page);
        Assert.NotEmpty(vendorId);

        // No reason: nothing happens.
        var url = $"/operator/institutions/{code}/suspend-person?person={clerkId}";
        var (_, form) = await operatorSession.GetAsync(url);
        Assert.Contains("佐藤 花子", form);
        var (refused, refusedHtml) = await operatorSession.PostAsync(url, form, new Dictionary<string, string?> { ["Reason"] = " " });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("操作の理由を入力してください", refusedHtml);
        Assert.Equal(PersonState.Active, (await app.PersonAsync(Clerk)).State);

        var (done, _) = await operatorSession.PostAsync(url, form, new Dictionary<string, string?> { ["Reason"] = Reason });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/operator/institutions/{code}?done=suspend-person", done.Headers.Location!.OriginalString);
        Assert.Equal(PersonState.Suspended, (await app.PersonAsync(Clerk)).State);

        // The clerk's open session is gone at its next request; the account of record is untouched.
        var (after, _) = await clerk.GetAsync("/mypage");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/login", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("利用が停止されています", await InactivityTests.StoppedAtLoginAsync(new HttpSession(app.CreateBrowserLikeClient()), Clerk));
        await new HttpSession(app.CreateBrowserLikeClient()).LogInAsync(Admin, ActivationScenario.NewPassword, "/mypage");
        var suspended = Assert.Single(await InactivityTests.AuditAsync(app, "person.suspended", Clerk));
        Assert.Equal(code, suspended.InstitutionCode);
        Assert.Contains(Reason, suspended.Details);

        // Lifted by the call centre: the clerk logs in again.
        var (_, listed) = await operatorSession.GetAsync($"/operator/institutions/{code}");
        Assert.Contains("利用停止", listed);
        var lift = $"/operator/institutions/{code}/lift-person?person={clerkId}";
        var (_, liftForm) = await operatorSession.GetAsync(lift);
        var (lifted, _) = await operatorSession.PostAsync(lift, liftForm, new Dictionary<string, string?> { ["Reason"] = "本人確認のうえ再開" });
        Assert.Equal(HttpStatusCode.Redirect, lifted.StatusCode);
        Assert.Equal(PersonState.Active, (await app.PersonAsync(Clerk)).State);
        await new HttpSession(app.CreateBrowserLikeClient()).LogInAsync(Clerk, ActivationScenario.NewPassword, "/mypage");

        // A person of another institution is not reachable through this one's page.
        var (_, otherForm) = await operatorSession.GetAsync($"/operator/institutions/{code}");
        Assert.Equal(HttpStatusCode.NotFound, (await operatorSession.GetAsync($"/operator/institutions/{code}/suspend-person?person=nobody")).Response.StatusCode);
        Assert.NotEmpty(otherForm);
    }

    [Fact]
    public async Task A_dormant_person_is_lifted_by_the_call_centre()
    {
        await using var app = await StartAppAsync();
        var (_, institution) = await app.ActivatedInstitutionAsync(Admin);
        var code = institution.Code.Value;
        var clerkId = await app.AddPersonAsync(code, Clerk, InstitutionRole.Clerk);
        await app.UpdatePersonAsync(Clerk, u => u.State = PersonState.Dormant);
        Assert.Contains("6か月以上ログインがなかったため", await InactivityTests.StoppedAtLoginAsync(new HttpSession(app.CreateBrowserLikeClient()), Clerk));

        var operatorSession = await OperatorAsync(app, Roles.Operator);
        var (_, page) = await operatorSession.GetAsync($"/operator/institutions/{code}");
        Assert.Contains("休止（長期間ログインなし）", page);
        var lift = $"/operator/institutions/{code}/lift-person?person={clerkId}";
        Assert.Contains(lift, page);
        var (_, form) = await operatorSession.GetAsync(lift);
        var (lifted, _) = await operatorSession.PostAsync(lift, form, new Dictionary<string, string?> { ["Reason"] = "休止の解除の依頼" });
        Assert.Equal(HttpStatusCode.Redirect, lifted.StatusCode);
        var person = await app.PersonAsync(Clerk);
        Assert.Equal(PersonState.Active, person.State);
        Assert.NotNull(person.LastLoginAt);
        await new HttpSession(app.CreateBrowserLikeClient()).LogInAsync(Clerk, ActivationScenario.NewPassword, "/mypage");
    }

    [Fact]
    public async Task The_call_centre_restores_an_administrator_only_after_every_identity_check()
    {
        await using var app = await StartAppAsync();
        var (_, institution) = await app.ActivatedInstitutionAsync(Admin);
        var code = institution.Code.Value;
        var clerkId = await app.AddPersonAsync(code, Clerk, InstitutionRole.Clerk);
        var operatorSession = await OperatorAsync(app, Roles.Operator);
        var url = $"/operator/institutions/{code}/restore-administrator";

        // While a 管理者 is active, nothing to restore.
        var (_, refusedPage) = await operatorSession.GetAsync(url);
        Assert.Contains("利用中の管理者がいます", refusedPage);

        // The 管理者 left (suspended): the page offers the restore.
        await app.UpdatePersonAsync(Admin, u => u.State = PersonState.Suspended);
        var (_, page) = await operatorSession.GetAsync($"/operator/institutions/{code}");
        Assert.Contains("利用中の管理者がいません", page);
        Assert.Contains($"href=\"{url}\"", page);

        var (_, form) = await operatorSession.GetAsync(url);
        var fields = new List<KeyValuePair<string, string>> { new("Reason", Reason), new("Person", clerkId), new("Checks", "code"), new("Checks", "name") };
        var (missing, missingHtml) = await operatorSession.PostFormAsync(url, form, fields);
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        Assert.Contains("本人確認の項目をすべて確かめてから管理者を復旧してください", missingHtml);
        Assert.Equal(InstitutionRole.Clerk, (await app.PersonAsync(Clerk)).InstitutionRole);

        var (noPerson, noPersonHtml) = await operatorSession.PostFormAsync(url, form, AllChecks([new("Reason", Reason)]));
        Assert.Equal(HttpStatusCode.OK, noPerson.StatusCode);
        Assert.Contains("管理者にする職員を選んでください", noPersonHtml);

        var (done, _) = await operatorSession.PostFormAsync(url, form, AllChecks([new("Reason", Reason), new("Person", clerkId)]));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(InstitutionRole.Administrator, (await app.PersonAsync(Clerk)).InstitutionRole);
        var entry = Assert.Single(await InactivityTests.AuditAsync(app, "callcentre.administrator-restored", Clerk));
        Assert.Contains("callback", entry.Details);
        Assert.Contains(Reason, entry.Details);

        var (_, again) = await operatorSession.GetAsync(url);
        Assert.Contains("利用中の管理者がいます", again);
    }

    [Fact]
    public async Task Mail_preferences_stop_outcome_mails_and_the_administrators_still_hear_when_everybody_muted_them()
    {
        await using var app = await StartAppAsync();
        var (records, institution) = await app.ActivatedInstitutionAsync(Admin);
        var code = institution.Code.Value;
        await app.AddPersonAsync(code, Clerk, InstitutionRole.Clerk);
        var timed = app.WithClock(new ManualClock(FilingScenario.March2023));

        // The administrator turns outcomes off on the page; the security mails are listed as always sent.
        var admin = timed.Session();
        await admin.LogInAsync(Admin, ActivationScenario.NewPassword, "/mypage");
        var (_, settings) = await admin.GetAsync("/account");
        Assert.Contains("href=\"/account/notifications\"", settings);
        var (_, prefs) = await admin.GetAsync("/account/notifications");
        Assert.Contains("手続きの結果", prefs);
        Assert.Contains("期限のお知らせ", prefs);
        Assert.Contains("必ずお送りするメール", prefs);
        Assert.Contains("パスワードの変更・再設定", prefs);
        Assert.Matches("value=\"Outcomes\"[^>]*checked", prefs);
        Assert.DoesNotMatch("value=\"News\"[^>]*checked", prefs);
        Assert.DoesNotMatch("value=\"Status\"[^>]*checked", prefs); // 障害・メンテナンスのお知らせ: off until turned on
        var (saved, _) = await admin.PostFormAsync("/account/notifications", prefs, [new("Wanted", "Reminders")]);
        Assert.Equal("/account/notifications?saved=true", saved.Headers.Location!.OriginalString);
        Assert.Equal(MailTopics.Outcomes | MailTopics.News | MailTopics.Status | MailTopics.Drafts, (await app.PersonAsync(Admin)).MutedMails);
        var (_, reread) = await admin.GetAsync("/account/notifications?saved=true");
        Assert.Contains("保存しました", reread);
        Assert.DoesNotMatch("value=\"Outcomes\"[^>]*checked", reread);

        // A filing withdrawn: the clerk, who wants outcomes, is told; the administrator is not.
        var receipt = await admin.FileSuccessionAsync(FilingScenario.NewCodeFor(institution, records).Value);
        var (_, filing) = await admin.GetAsync($"/mypage/filings/{receipt}");
        await admin.PostAsync($"/mypage/filings/{receipt}?handler=Withdraw", filing, new Dictionary<string, string?>());
        Assert.Single(await app.MailsToAsync(Clerk), m => m.Subject.Contains("取下げのお知らせ", StringComparison.Ordinal));
        Assert.DoesNotContain(await app.MailsToAsync(Admin), m => m.Subject.Contains("取下げのお知らせ", StringComparison.Ordinal));

        // Everybody muted outcomes: the 管理者 still hears (an institution never misses a returned filing).
        await app.UpdatePersonAsync(Clerk, u => u.MutedMails = MailTopics.Outcomes);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.Equal([Admin], (await InstitutionMail.RecipientsAsync(db, code, MailTopics.Outcomes)).Select(r => r.Email));
        Assert.Equal([Admin, Clerk], (await InstitutionMail.RecipientsAsync(db, code, MailTopics.Reminders)).Select(r => r.Email).Order());
    }

    [Fact]
    public async Task A_published_notice_is_mailed_once_to_those_who_asked_for_news()
    {
        await using var app = await StartAppAsync();
        var (_, institution) = await app.ActivatedInstitutionAsync(Admin);
        var code = institution.Code.Value;
        await app.AddPersonAsync(code, Clerk, InstitutionRole.Clerk);
        await app.AddPersonAsync(code, "viewer@clinic.example", InstitutionRole.Viewer);
        await app.UpdatePersonAsync(Clerk, u => u.MutedMails = MailTopics.None);
        await app.UpdatePersonAsync("viewer@clinic.example", u => { u.MutedMails = MailTopics.None; u.State = PersonState.Suspended; });
        var (operatorEmail, _) = await app.AddOperatorAsync();
        await app.UpdatePersonAsync(operatorEmail, u => u.MutedMails = MailTopics.None);

        long id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var board = scope.ServiceProvider.GetRequiredService<NoticeBoard>();
            var (saved, _) = await board.SaveAsync(null, new NoticeEntries("電子処方箋の導入について", 2, "本文", DateTimeOffset.UtcNow.AddMinutes(-1), []), "test");
            id = saved!.Value;
            await board.PublishAsync(id, "test");
            await board.UnpublishAsync(id, "test");
            await board.PublishAsync(id, "test");
        }

        await Task.WhenAll(app.HousekeepAsync(), app.HousekeepAsync());
        await app.HousekeepAsync();
        var mail = Assert.Single(await app.MailsToAsync(Clerk), m => m.Subject.Contains("電子処方箋の導入について", StringComparison.Ordinal));
        Assert.Contains($"/news/{id}", mail.TextBody);
        Assert.Contains("/account/notifications", mail.TextBody);
        Assert.DoesNotContain(await app.MailsToAsync(Admin), m => m.Subject.Contains("電子処方箋", StringComparison.Ordinal)); // news is muted by default
        Assert.Empty(await app.MailsToAsync("viewer@clinic.example"));
        Assert.Empty(await app.MailsToAsync(operatorEmail));
        await using var db = app.Database.CreateContext();
        var mailing = await db.Set<NoticeMailing>().SingleAsync();
        Assert.Equal(1, mailing.Mailed);
        Assert.NotNull(mailing.FinishedAt);
    }

    private static List<KeyValuePair<string, string>> AllChecks(List<KeyValuePair<string, string>> fields)
    {
        fields.AddRange(Features.CallCentre.ActModel.IdentityChecks.Select(c => new KeyValuePair<string, string>("Checks", c.Value)));
        return fields;
    }

    private static async Task<string> AddVendorAsync(PortalAppFactory app, string code)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>();
        var vendor = new PortalUser
        {
            UserName = "vendor@systems.example",
            Email = "vendor@systems.example",
            EmailConfirmed = true,
            DisplayName = "鈴木 一郎",
            VendorCompany = "株式会社テストシステムズ",
            CreatedAt = DateTimeOffset.UtcNow,
        };
        Assert.True((await users.CreateAsync(vendor, ActivationScenario.NewPassword)).Succeeded);
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        db.Set<VendorDelegation>().Add(new VendorDelegation
        {
            InstitutionCode = code,
            VendorUserId = vendor.Id,
            Procedures = VendorDelegation.FormatProcedures([FilingType.Succession]),
            EndsOn = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(3),
            GrantedAt = DateTimeOffset.UtcNow,
            GrantedBy = Admin,
        });
        await db.SaveChangesAsync();
        return vendor.Id;
    }

    private static async Task<HttpSession> OperatorAsync(PortalAppFactory app, string role)
    {
        var (email, password) = await app.AddOperatorAsync(role);
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, "/operator");
        return session;
    }
}

public sealed class PeopleCallCentreTestsOnSqlite : PeopleCallCentreTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class PeopleCallCentreTestsOnPostgres : PeopleCallCentreTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
