using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.CallCentre;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// コールセンター (flow 6) over HTTP: the institution page and every action, each with its reason, its audit entry
/// and its role rule (an e-mail change is the Admin's; everything else any back-office role may do).
/// </summary>
public abstract partial class CallCentreTests : DataTest
{
    private const string Reason = "送付状を紛失したとの電話（事務長 田中様）";

    [Fact]
    public async Task A_reissue_prints_a_new_credential_that_logs_in_and_the_lost_one_stops_working()
    {
        await using var app = await StartAppAsync();
        var (institution, lost) = await app.IssueAsync();
        var code = institution.Code.Value;
        var (email, password) = await app.AddOperatorAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, "/operator");

        var (_, page) = await session.GetAsync($"/operator/institutions/{code}");
        Assert.Contains("仮ID発行済み（未登録）", page);
        Assert.Contains(lost.LoginId, page);
        Assert.DoesNotContain(lost.Password, page);
        Assert.Contains($"href=\"/operator/institutions/{code}/reissue\"", page);

        // No reason: nothing issued, the error beside the field.
        var (_, form) = await session.GetAsync($"/operator/institutions/{code}/reissue");
        var (refused, refusedHtml) = await session.PostAsync($"/operator/institutions/{code}/reissue", form, new Dictionary<string, string?> { ["Reason"] = "  " });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Matches("id=\"Reason-error\"[^>]*>操作の理由を入力してください", refusedHtml);
        Assert.Equal(1, await CredentialCountAsync(app, code));

        Assert.Equal("1", HttpSession.HiddenValue(form, "LatestSeen"));
        var fields = new Dictionary<string, string?> { ["Reason"] = Reason, ["LatestSeen"] = "1" };
        var (issued, _) = await session.PostAsync($"/operator/institutions/{code}/reissue", form, fields);
        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        Assert.Equal($"/operator/institutions/{code}?done=reissue", issued.Headers.Location!.OriginalString);

        // The operator who reissued does not get the letter: it is queued for the post, printed by the next batch.
        var (_, waiting) = await session.GetAsync($"/operator/institutions/{code}");
        Assert.Contains("仮ID・仮パスワードの再発行のお知らせ", waiting);
        Assert.Contains("印刷待ち", waiting);
        Assert.DoesNotMatch(LetterLink(), waiting);

        var front = await PrintAsync(app, code);
        var loginId = PasswordLine().Match(front).Groups[1].Value;
        var newPassword = PasswordLine().Match(front).Groups[2].Value;
        Assert.Equal($"{code}@02", loginId);
        Assert.Contains(PdfTools.Compact(institution.Name), PdfTools.Compact(front));

        // The same page posted again (a double click, the button pressed after the download): refused, so that the
        // letter just printed is not superseded.
        var (again, againHtml) = await session.PostAsync($"/operator/institutions/{code}/reissue", form, fields);
        Assert.Equal("text/html", again.Content.Headers.ContentType?.MediaType);
        Assert.Contains("この画面を開いた後に再発行が行われています", againHtml);
        Assert.Equal(2, await CredentialCountAsync(app, code));

        // The lost letter no longer logs in; the new one does.
        var (old, _) = await new HttpSession(app.CreateBrowserLikeClient()).SubmitAsync("/login", LoginFields(lost.LoginId, lost.Password));
        Assert.NotEqual(HttpStatusCode.Redirect, old.StatusCode);
        await new HttpSession(app.CreateBrowserLikeClient()).TemporaryLogInAsync(loginId, newPassword);

        var entry = await AuditAsync(app, code, "callcentre.credential-reissued");
        Assert.Equal(email, entry.Actor);
        Assert.False(string.IsNullOrEmpty(entry.ClientAddress));
        Assert.Contains(Reason, entry.Details);
        Assert.Contains(loginId, entry.Details);
        Assert.DoesNotContain(newPassword, entry.Details);

        var (_, after) = await session.GetAsync($"/operator/institutions/{code}");
        Assert.Contains($"{code}@02", after);
        Assert.Contains("郵送済み", after);
        Assert.Contains("無効（再発行済み）", after);
        Assert.Contains(Reason, after);
        Assert.DoesNotContain(newPassword, after);
    }

    [Fact]
    public async Task The_page_lists_the_letters_mailed_and_a_reissue_after_a_mailing_queues_its_letter()
    {
        await using var app = await StartAppAsync();
        var records = CampaignScenario.Records(6);
        await app.ImportAsync(records);
        var campaign = await app.CreateCampaignAsync(CampaignKind.Unregistered, CampaignScenario.Cutoff);
        await app.IssueCampaignAsync(campaign.Id);
        var code = records[0].Code.Value;
        var session = await OperatorAsync(app, Roles.Operator);

        var (_, page) = await session.GetAsync($"/operator/institutions/{code}");
        Assert.Contains($"<a href=\"/operator/campaigns/{campaign.Id}\">{campaign.Name}</a>", page);
        Assert.Contains("アカウント未登録", page);
        Assert.Contains($"{code}@01", page);

        var (_, form) = await session.GetAsync($"/operator/institutions/{code}/reissue");
        var (issued, _) = await session.PostAsync($"/operator/institutions/{code}/reissue", form, new Dictionary<string, string?> { ["Reason"] = Reason, ["LatestSeen"] = "1" });
        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        var text = await PrintAsync(app, code);
        Assert.Contains($"{code}@02", text);
    }

    [Fact]
    public async Task The_page_lists_the_institutions_filings()
    {
        await using var app = await StartAppAsync();
        var (records, institution) = await app.ActivatedInstitutionAsync("filer@example.jp");
        var newCode = FilingScenario.NewCodeFor(institution, records).Value;
        var clinic = app.WithClock(new ManualClock(FilingScenario.March2023)).Session();
        await clinic.LogInAsync("filer@example.jp", ActivationScenario.NewPassword, "/mypage");
        var receipt = await clinic.FileSuccessionAsync(newCode);

        var session = await OperatorAsync(app, Roles.Operator);
        var (_, page) = await session.GetAsync($"/operator/institutions/{institution.Code.Value}");
        Assert.Contains($"<a href=\"/operator/filings/succession/{receipt}\">{receipt}</a>", page);
        Assert.Contains($"承継届出（承継先 {newCode}）", page);
        Assert.Contains("受付", page);
    }

    [Fact]
    public async Task A_reissue_is_refused_once_the_account_is_activated()
    {
        await using var app = await StartAppAsync();
        var (_, institution) = await app.ActivatedInstitutionAsync("clinic@example.jp");
        var code = institution.Code.Value;
        var session = await OperatorAsync(app, Roles.Admin);

        var (_, page) = await session.GetAsync($"/operator/institutions/{code}");
        Assert.Contains("登録済み", page);
        Assert.Contains("clinic@example.jp", page);
        Assert.DoesNotContain($"href=\"/operator/institutions/{code}/reissue\"", page);

        var (_, form) = await session.GetAsync($"/operator/institutions/{code}/reissue");
        Assert.Contains("アカウントが登録済みのため", form);
        var (response, html) = await session.PostAsync($"/operator/institutions/{code}/reissue", form, new Dictionary<string, string?> { ["Reason"] = Reason });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("アカウントが登録済みのため", html);
        Assert.Equal(1, await CredentialCountAsync(app, code));
        await AssertNoAuditAsync(app, code, "callcentre.credential-reissued");
    }

    [Fact]
    public async Task An_operator_unlocks_a_locked_account_and_its_password_works_again()
    {
        await using var app = await StartAppAsync();
        var (_, institution) = await app.ActivatedInstitutionAsync("locked@example.jp");
        var code = institution.Code.Value;
        // Failed logins no longer lock (they are slowed); an account locked before that change still shows and unlocks.
        await using (var db = app.Database.CreateContext())
        {
            var user = await db.Users.SingleAsync(u => u.Email == "locked@example.jp");
            user.LockoutEnabled = true;
            user.LockoutEnd = DateTimeOffset.UtcNow.AddMinutes(15);
            user.AccessFailedCount = 5;
            await db.SaveChangesAsync();
        }

        var (_, locked) = await new HttpSession(app.CreateBrowserLikeClient()).SubmitAsync("/login", LoginFields("locked@example.jp", ActivationScenario.NewPassword));
        Assert.Contains(AfterLogin.LockedOutMessage, locked);

        var session = await OperatorAsync(app, Roles.Operator);
        var (_, page) = await session.GetAsync($"/operator/institutions/{code}");
        Assert.Contains("ロック中", page);
        var (_, form) = await session.GetAsync($"/operator/institutions/{code}/unlock");
        var (missing, missingHtml) = await session.PostAsync($"/operator/institutions/{code}/unlock", form, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        Assert.Contains("操作の理由を入力してください", missingHtml);

        var (done, _) = await session.PostAsync($"/operator/institutions/{code}/unlock", form, new Dictionary<string, string?> { ["Reason"] = "ログインできないとの電話" });
        Assert.Equal($"/operator/institutions/{code}?done=unlock", done.Headers.Location?.OriginalString);
        var (_, after) = await session.GetAsync($"/operator/institutions/{code}?done=unlock");
        Assert.Contains("アカウントのロック解除を行いました", after);
        Assert.Contains("ログインできないとの電話", after);

        await new HttpSession(app.CreateBrowserLikeClient()).LogInAsync("locked@example.jp", ActivationScenario.NewPassword, "/mypage");
        Assert.Contains("ログインできないとの電話", (await AuditAsync(app, code, "callcentre.account-unlocked")).Details);

        // Not locked any more: nothing to unlock, nothing recorded.
        var (_, again) = await session.GetAsync($"/operator/institutions/{code}/unlock");
        var (_, refused) = await session.PostAsync($"/operator/institutions/{code}/unlock", again, new Dictionary<string, string?> { ["Reason"] = "二度目" });
        Assert.Contains("アカウントはロックされていません。", refused);
        Assert.Single(await AuditsAsync(app, code, "callcentre.account-unlocked"));
    }

    [Fact]
    public async Task A_forced_reset_mails_the_link_to_the_accounts_own_address_and_the_operator_never_sees_a_password()
    {
        await using var app = await StartAppAsync();
        var (_, institution) = await app.ActivatedInstitutionAsync("forgot@example.jp");
        var code = institution.Code.Value;
        var before = (await app.MailsToAsync("forgot@example.jp")).Count;
        var session = await OperatorAsync(app, Roles.Operator);

        var (_, form) = await session.GetAsync($"/operator/institutions/{code}/password-reset");
        Assert.DoesNotContain("type=\"password\"", form);
        var (done, _) = await session.PostAsync($"/operator/institutions/{code}/password-reset", form, new Dictionary<string, string?> { ["Reason"] = "パスワードを忘れたとの電話" });
        Assert.Equal($"/operator/institutions/{code}?done=password-reset", done.Headers.Location?.OriginalString);

        var mails = await app.MailsToAsync("forgot@example.jp");
        Assert.Equal(before + 1, mails.Count);
        var link = Mails.PathIn(mails[^1], "/account/reset");
        var clinic = new HttpSession(app.CreateBrowserLikeClient());
        var (_, reset) = await clinic.GetAsync(link);
        var (_, changed) = await clinic.PostAsync("/account/reset", reset, new Dictionary<string, string?>
        {
            ["user"] = HttpSession.HiddenValue(reset, "user"),
            ["Token"] = HttpSession.HiddenValue(reset, "Token"),
            ["NewPassword"] = "tsuki-ga-deta-deta-tsuki-ga",
            ["ConfirmPassword"] = "tsuki-ga-deta-deta-tsuki-ga",
        });
        Assert.Contains("パスワードを再設定しました", changed);
        await new HttpSession(app.CreateBrowserLikeClient()).LogInAsync("forgot@example.jp", "tsuki-ga-deta-deta-tsuki-ga", "/mypage");

        var entry = await AuditAsync(app, code, "callcentre.password-reset-sent");
        Assert.Contains("パスワードを忘れたとの電話", entry.Details);
        Assert.DoesNotContain("token", entry.Details, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Only_an_admin_changes_the_email_and_only_after_every_identity_check()
    {
        await using var app = await StartAppAsync();
        var (_, institution) = await app.ActivatedInstitutionAsync("old-clinic@example.jp");
        var code = institution.Code.Value;

        // An Operator sees that it is the Admin's, and cannot open or post the form.
        var operatorSession = await OperatorAsync(app, Roles.Operator);
        var (_, operatorPage) = await operatorSession.GetAsync($"/operator/institutions/{code}");
        Assert.Contains("この操作は管理者（Admin）だけが行えます。", operatorPage);
        Assert.DoesNotContain($"href=\"/operator/institutions/{code}/email\"", operatorPage);
        var (get, _) = await operatorSession.GetAsync($"/operator/institutions/{code}/email");
        Assert.StartsWith("https://localhost/access-denied", get.Headers.Location!.ToString());
        var (post, _) = await PostFormAsync(operatorSession, $"/operator/institutions/{code}/email", operatorPage, EmailFields("new-clinic@example.jp", AllChecks));
        Assert.StartsWith("https://localhost/access-denied", post.Headers.Location!.ToString());
        Assert.Empty(await app.MailsToAsync("new-clinic@example.jp"));

        var admin = await OperatorAsync(app, Roles.Admin);
        var (_, form) = await admin.GetAsync($"/operator/institutions/{code}/email");
        var (_, notAllChecked) = await PostFormAsync(admin, $"/operator/institutions/{code}/email", form, EmailFields("new-clinic@example.jp", ["code", "name", "founder"]));
        Assert.Matches("id=\"Checks-error\"[^>]*>本人確認の項目をすべて確かめてから変更してください。", notAllChecked);
        var (_, badAddress) = await PostFormAsync(admin, $"/operator/institutions/{code}/email", form, EmailFields("not-an-address", AllChecks));
        Assert.Matches("id=\"NewEmail-error\"[^>]*>メールアドレスの形式が正しくありません。", badAddress);
        Assert.Empty(await app.MailsToAsync("new-clinic@example.jp"));
        await AssertNoAuditAsync(app, code, "callcentre.email-change-sent");

        var (done, _) = await PostFormAsync(admin, $"/operator/institutions/{code}/email", form, EmailFields("ｎｅｗ-clinic@example.jp", AllChecks));
        Assert.Equal($"/operator/institutions/{code}?done=email", done.Headers.Location?.OriginalString);
        Assert.Contains(await app.MailsToAsync("old-clinic@example.jp"), m => m.Subject.Contains("メールアドレス変更のお知らせ", StringComparison.Ordinal));
        var link = Mails.PathIn(Assert.Single(await app.MailsToAsync("new-clinic@example.jp")), "/account/email/confirm");

        // The new address becomes the login when its link is followed.
        var clinic = new HttpSession(app.CreateBrowserLikeClient());
        var (_, confirm) = await clinic.GetAsync(link);
        var (_, changed) = await clinic.PostAsync("/account/email/confirm", confirm, new Dictionary<string, string?>
        {
            ["user"] = HttpSession.HiddenValue(confirm, "user"),
            ["email"] = HttpSession.HiddenValue(confirm, "email"),
            ["token"] = HttpSession.HiddenValue(confirm, "token"),
        });
        Assert.Contains("メールアドレスを変更しました", changed);
        await new HttpSession(app.CreateBrowserLikeClient()).LogInAsync("new-clinic@example.jp", ActivationScenario.NewPassword, "/mypage");

        var entry = await AuditAsync(app, code, "callcentre.email-change-sent");
        Assert.Contains("\"identityChecks\":[\"code\",\"name\",\"founder\",\"callback\"]", entry.Details);
        Assert.Contains("old-clinic@example.jp", entry.Details);
    }

    [Fact]
    public async Task A_self_registration_the_master_caught_up_with_is_confirmed_by_an_operator()
    {
        await using var app = await StartAppAsync();
        var records = await app.ImportGeneratedAsync(5, seed: 83);
        var institution = records.First(r => r.ClosedOn is null);
        var code = institution.Code.Value;
        var notYet = FilingScenario.NewCodeFor(institution, records).Value; // a code the master still lacks
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // As RegistrationService leaves it for a code the master did not have yet.
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = new PortalUser { UserName = "early@example.jp", Email = "early@example.jp", EmailConfirmed = true, InstitutionCode = code, InstitutionRole = InstitutionRole.Administrator, AccountOf = code, DisplayName = institution.Name };
            Assert.True((await users.CreateAsync(user, "haru-ga-kita-haru-ga-kita")).Succeeded);
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            db.Set<SelfRegistration>().Add(new SelfRegistration { UserId = user.Id, InstitutionCode = code, InMaster = false, Name = institution.Name, Founder = institution.Founder });
            db.Set<SelfRegistration>().Add(new SelfRegistration { UserId = "not-yet", InstitutionCode = notYet, InMaster = false, Name = "新設 みらい薬局", Founder = "未来 太郎" });
            await db.SaveChangesAsync();
        }

        var session = await OperatorAsync(app, Roles.Operator);
        var (_, list) = await session.GetAsync("/operator/registrations/unconfirmed");
        Assert.Contains("2件（うちマスタに登録済み 1件）", list);
        Assert.Contains($"<a href=\"/operator/institutions/{code}\">{code}</a>", list);
        Assert.Contains("新設 みらい薬局", list);
        Assert.DoesNotContain($"<a href=\"/operator/institutions/{notYet}\">", list);

        var (_, page) = await session.GetAsync($"/operator/institutions/{code}");
        Assert.Contains("登録時にマスタになかったコードです", page);
        var (_, form) = await session.GetAsync($"/operator/institutions/{code}/confirm-registration");
        Assert.Contains("自己登録の入力内容とマスタの照合", form);
        var (done, _) = await session.PostAsync($"/operator/institutions/{code}/confirm-registration", form, new Dictionary<string, string?> { ["Reason"] = "マスタ取込（11月分）で一致を確認" });
        Assert.Equal($"/operator/institutions/{code}?done=confirm-registration", done.Headers.Location?.OriginalString);

        await using var check = app.Database.CreateContext();
        Assert.NotNull((await check.Set<SelfRegistration>().SingleAsync(r => r.InstitutionCode == code)).ConfirmedAt);
        Assert.Contains("マスタ取込（11月分）で一致を確認", (await AuditAsync(app, code, "callcentre.registration-confirmed")).Details);
        var (_, after) = await session.GetAsync($"/operator/institutions/{code}");
        Assert.DoesNotContain("登録時にマスタになかったコードです", after);
        Assert.Contains("確認済み", after);
        Assert.Contains("1件（うちマスタに登録済み 0件）", (await session.GetAsync("/operator/registrations/unconfirmed")).Html);
    }

    [Fact]
    public async Task Nobody_outside_the_back_office_reaches_the_call_centre()
    {
        await using var app = await StartAppAsync();
        var (_, institution) = await app.ActivatedInstitutionAsync("someone@example.jp");
        var code = institution.Code.Value;

        var anonymous = new HttpSession(app.CreateBrowserLikeClient());
        var (page, _) = await anonymous.GetAsync($"/operator/institutions/{code}/password-reset");
        Assert.StartsWith("https://localhost/login", page.Headers.Location!.ToString());

        var clinic = new HttpSession(app.CreateBrowserLikeClient());
        await clinic.LogInAsync("someone@example.jp", ActivationScenario.NewPassword, "/mypage");
        var (forbidden, _) = await clinic.GetAsync($"/operator/institutions/{code}/unlock");
        Assert.StartsWith("https://localhost/access-denied", forbidden.Headers.Location!.ToString());
        var (details, _) = await clinic.GetAsync($"/operator/institutions/{code}");
        Assert.StartsWith("https://localhost/access-denied", details.Headers.Location!.ToString());
    }

    private static readonly string[] AllChecks = ["code", "name", "founder", "callback"];

    private static async Task<HttpSession> OperatorAsync(PortalAppFactory app, string role)
    {
        var (email, password) = await app.AddOperatorAsync(role);
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, "/operator");
        return session;
    }

    /// <summary>
    /// The reissue letter as the print room gets it: the queue closed by <c>post batch</c>; returns the institution's
    /// page of the batch's reissue PDF (pdftotext -raw).
    /// </summary>
    private static async Task<string> PrintAsync(PortalAppFactory app, string code)
    {
        var folder = Directory.CreateTempSubdirectory("onshi-callcentre-").FullName;
        var run = await app.RunCommandAsync("post", "batch", "--out", folder);
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        var pdf = Path.Combine(Directory.GetDirectories(folder).Single(), Features.PostalLetters.PrintBatches.PdfName(Features.PostalLetters.PostalLetterKind.CredentialReissue));
        return Assert.Single(PdfTools.Pages(pdf), p => p.Contains($"{code}@", StringComparison.Ordinal));
    }

    [GeneratedRegex("href=\"([^\"]*handler=Letter[^\"]*)\"")]
    private static partial Regex LetterLink();

    private static Dictionary<string, string> LoginFields(string email, string password) =>
        new() { ["Input.Email"] = email, ["Input.Password"] = password };

    private static List<KeyValuePair<string, string>> EmailFields(string email, IEnumerable<string> checks) =>
        [new("NewEmail", email), new("Reason", "担当者の退職でメールアドレスが使えないとの電話"), .. checks.Select(c => new KeyValuePair<string, string>("Checks", c))];

    /// <summary>A form post with a repeated field (the checklist's boxes), which a dictionary cannot carry.</summary>
    private static Task<(HttpResponseMessage Response, string Html)> PostFormAsync(HttpSession session, string url, string pageHtml, List<KeyValuePair<string, string>> fields) =>
        session.PostFormAsync(url, pageHtml, fields);

    private static async Task<int> CredentialCountAsync(PortalAppFactory app, string code)
    {
        await using var db = app.Database.CreateContext();
        return await db.Set<TemporaryCredential>().CountAsync(c => c.InstitutionCode == code);
    }

    private static async Task<List<AuditEntry>> AuditsAsync(PortalAppFactory app, string code, string action)
    {
        await using var db = app.Database.CreateContext();
        return await db.Set<AuditEntry>().Where(a => a.InstitutionCode == code && a.Action == action).ToListAsync();
    }

    private static async Task<AuditEntry> AuditAsync(PortalAppFactory app, string code, string action) =>
        Assert.Single(await AuditsAsync(app, code, action));

    private static async Task AssertNoAuditAsync(PortalAppFactory app, string code, string action) =>
        Assert.Empty(await AuditsAsync(app, code, action));

    /// <summary>The letter's login ID and, on the table's next row, its password, as pdftotext orders them.</summary>
    [GeneratedRegex(@"(\d{10}@\d{2})\s+仮パスワード\s*(\S{12})\s")]
    private static partial Regex PasswordLine();
}

public sealed class CallCentreTestsOnSqlite : CallCentreTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class CallCentreTestsOnPostgres : CallCentreTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
