using System.Net;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Registration;
using OnshiPortal.Tests.Support;
using static OnshiPortal.Tests.Support.RegistrationScenario;

namespace OnshiPortal.Tests.Integration;

/// <summary>Flow 2 (別添2): self-registration by e-mail, over HTTP.</summary>
public abstract class RegistrationTests : DataTest
{
    [Fact]
    public async Task An_institution_in_the_master_registers_by_e_mail_pending_until_proven_and_its_letter_keeps_working()
    {
        await using var app = await StartAppAsync();
        var (institution, credential) = await app.IssueAsync(seed: 51);
        var session = new HttpSession(app.CreateBrowserLikeClient());
        var form = await OpenFormAsync(app, session, "self@example.jp");

        // Bad entries first: Japanese errors, nothing created.
        var bad = Entries(institution.Code.Value[..9] + (institution.Code.Value[9] == '0' ? "1" : "0"), "x", token: TokenOf(form));
        var (_, errors) = await session.PostAsync("/register/form?handler=Check", form, bad);
        Assert.Contains("入力内容に誤りがあります", errors);
        Assert.Contains("パスワードは12文字以上", errors);
        Assert.Contains("検証番号が正しくありません", errors);
        Assert.Contains("医療機関等の名称を入力してください。", errors);

        // The master's data is offered for the code.
        var (_, looked) = await session.PostAsync("/register/form?handler=Lookup", form, new Dictionary<string, string?> { ["Token"] = TokenOf(form), ["Input.Code"] = institution.Code.Value });
        Assert.Contains(WebUtility.HtmlEncode(institution.Founder), looked);

        var (_, check) = await session.PostAsync("/register/form?handler=Check", looked, Entries(institution.Code.Value, "haru-ichiban-ga-fuku-hi", institution.Name, institution.Founder, TokenOf(form)));
        Assert.Contains("入力内容の確認", check);
        var (confirm, _) = await session.PostAsync("/register/form?handler=Confirm", check, new Dictionary<string, string?> { ["Token"] = TokenOf(form), ["Draft"] = HttpSession.HiddenValue(check, "Draft") });
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        Assert.Equal("/register/done", confirm.Headers.Location?.OriginalString);
        var (done, donePage) = await session.GetAsync("/register/done");
        Assert.Equal(HttpStatusCode.OK, done.StatusCode); // logged in

        Assert.Contains("確認待ち", donePage);
        var received = Assert.Single(await app.MailsToAsync("self@example.jp"), m => m.Subject.Contains("アカウント登録受付のご案内", StringComparison.Ordinal));
        Assert.Contains("確認待ち", received.TextBody);

        // Pending: the letter still logs in (it would win, PendingRegistrationTests); the account logs in too.
        var (letter, _) = await new HttpSession(app.CreateBrowserLikeClient()).SubmitAsync("/login", new Dictionary<string, string> { ["Input.Email"] = credential.LoginId, ["Input.Password"] = credential.Password });
        Assert.Equal("/activation/start", letter.Headers.Location?.OriginalString);
        await new HttpSession(app.CreateBrowserLikeClient()).LogInAsync("self@example.jp", "haru-ichiban-ga-fuku-hi", "/mypage");

        await using var db = app.Database.CreateContext();
        var registered = await db.Set<SelfRegistration>().SingleAsync();
        Assert.True(registered.InMaster);
        Assert.True(registered.IsPending);
        Assert.Equal(1, await db.Users.CountAsync(u => u.InstitutionCode == institution.Code.Value));

        // The URL works once; a code with an account is refused with the call-centre guidance, at the end only.
        // The spent URL opened again (the clerk who registered, from the mail) says the registration is done and
        // leads to マイページ, not to a new 仮登録メール; an unused but unknown token still gets the generic answer.
        var spent = Mails.PathIn((await app.MailsToAsync("self@example.jp")).First(), "/register/form");
        var (_, reused) = await session.GetAsync(spent);
        Assert.True(reused.Contains("このURLでのアカウント登録は完了しています", StringComparison.Ordinal), reused);
        Assert.Contains("href=\"/mypage\"", reused);
        Assert.DoesNotContain("もう一度仮登録メールを送信してください", reused);
        var (_, unknown) = await new HttpSession(app.CreateBrowserLikeClient()).GetAsync("/register/form?token=not-a-token");
        Assert.Contains("このURLは無効か、有効期限（24時間）が切れています", unknown);
        Assert.DoesNotContain("登録は完了しています", unknown);
        var other = new HttpSession(app.CreateBrowserLikeClient());
        var otherForm = await OpenFormAsync(app, other, "second@example.jp");
        var (_, otherCheck) = await other.PostAsync("/register/form?handler=Check", otherForm, Entries(institution.Code.Value, "haru-ichiban-ga-fuku-hi", institution.Name, institution.Founder, TokenOf(otherForm)));
        Assert.Contains("入力内容の確認", otherCheck);
        var (_, taken) = await other.PostAsync("/register/form?handler=Confirm", otherCheck, new Dictionary<string, string?> { ["Token"] = TokenOf(otherForm), ["Draft"] = HttpSession.HiddenValue(otherCheck, "Draft") });
        Assert.Contains("すでにアカウントが登録されているか", taken);
        Assert.DoesNotContain("self@example.jp", taken);
    }

    [Fact]
    public async Task A_code_the_master_does_not_know_registers_as_unconfirmed_and_a_closed_one_is_refused()
    {
        await using var app = await StartAppAsync();
        var records = await app.ImportGeneratedAsync(40, seed: 52);
        var session = new HttpSession(app.CreateBrowserLikeClient());
        var form = await OpenFormAsync(app, session, "new@example.jp");

        var closed = records.FirstOrDefault(r => r.ClosedOn is not null);
        if (closed is not null)
        {
            var (_, refused) = await session.PostAsync("/register/form?handler=Check", form, Entries(closed.Code.Value, "haru-ichiban-ga-fuku-hi", "x", "y", TokenOf(form)));
            Assert.Contains("廃止または承継済み", refused);
        }

        var unknown = OnshiPortal.Features.Institutions.InstitutionCode.Create(13, OnshiPortal.Features.Institutions.InstitutionKind.Pharmacy, 99, 9999).Value;
        var (_, check) = await session.PostAsync("/register/form?handler=Check", form, Entries(unknown, "haru-ichiban-ga-fuku-hi", "しんせつ薬局", "株式会社しんせつ", TokenOf(form)));
        Assert.Contains("まだ登録されていません", check);
        var (confirm, _) = await session.PostAsync("/register/form?handler=Confirm", check, new Dictionary<string, string?> { ["Token"] = TokenOf(form), ["Draft"] = HttpSession.HiddenValue(check, "Draft") });
        Assert.Equal("/register/done", confirm.Headers.Location?.OriginalString);

        await using var db = app.Database.CreateContext();
        var registered = await db.Set<SelfRegistration>().SingleAsync();
        Assert.False(registered.InMaster);
        Assert.Null(registered.ConfirmedAt);
        Assert.Equal("しんせつ薬局", registered.Name);
    }

    [Fact]
    public async Task The_answer_is_the_same_for_an_address_with_an_account_which_gets_the_way_in_instead()
    {
        await using var app = await StartAppAsync();
        var (email, _) = await app.AddOperatorAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());
        var (_, known) = await session.SubmitAsync("/register", new Dictionary<string, string> { ["Input.Email"] = email });
        var (_, unknown) = await session.SubmitAsync("/register", new Dictionary<string, string> { ["Input.Email"] = "fresh@example.jp" });
        Assert.Contains(Answer, known);
        Assert.Contains(Answer, unknown);
        var mail = Assert.Single(await app.MailsToAsync(email));
        Assert.Contains("すでにアカウントに登録されています", mail.TextBody);
        Assert.Contains("/account/forgot", mail.TextBody);
        Assert.Contains("/register/form?token=", Assert.Single(await app.MailsToAsync("fresh@example.jp")).TextBody);

        await using var db = app.Database.CreateContext();
        Assert.Equal(1, await db.Set<RegistrationLink>().CountAsync());
        Assert.Equal(0, await db.Set<TemporaryCredential>().CountAsync());
    }

    [Fact]
    public async Task Two_registrations_racing_for_one_code_make_one_account()
    {
        await using var app = await StartAppAsync();
        var records = await app.ImportGeneratedAsync(20, seed: 53);
        var institution = records.First(r => r.ClosedOn is null);
        var checks = new List<(HttpSession Session, string Check, string Token)>();
        foreach (var email in new[] { "one@example.jp", "two@example.jp" })
        {
            var session = new HttpSession(app.CreateBrowserLikeClient());
            var form = await OpenFormAsync(app, session, email);
            var (_, check) = await session.PostAsync("/register/form?handler=Check", form, Entries(institution.Code.Value, "haru-ichiban-ga-fuku-hi", institution.Name, institution.Founder, TokenOf(form)));
            Assert.Contains("入力内容の確認", check);
            checks.Add((session, check, TokenOf(form)));
        }

        var results = await Task.WhenAll(checks.Select(c => c.Session.PostAsync("/register/form?handler=Confirm", c.Check, new Dictionary<string, string?> { ["Token"] = c.Token, ["Draft"] = HttpSession.HiddenValue(c.Check, "Draft") })));
        Assert.Single(results, r => r.Response.StatusCode == HttpStatusCode.Redirect);
        Assert.Single(results, r => r.Html.Contains("すでにアカウントが登録されているか", StringComparison.Ordinal));

        await using var db = app.Database.CreateContext();
        Assert.Equal(1, await db.Users.CountAsync(u => u.InstitutionCode == institution.Code.Value));
    }
}

public sealed class RegistrationTestsOnSqlite : RegistrationTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class RegistrationTestsOnPostgres : RegistrationTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
