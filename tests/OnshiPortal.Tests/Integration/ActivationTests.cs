using System.Net;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Activation;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>Flow 1: a pre-issued temporary login becomes an account with a proven e-mail, over HTTP.</summary>
public abstract class ActivationTests : DataTest
{
    private const string Generic = "メールアドレスまたはパスワードが正しくありません。";

    private static Dictionary<string, string> Login(string id, string password) => new() { ["Input.Email"] = id, ["Input.Password"] = password };

    [Fact]
    public async Task A_temporary_login_becomes_an_account_once_its_e_mail_is_proven()
    {
        await using var app = await StartAppAsync();
        var (institution, credential) = await app.IssueAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());

        // Full-width login ID, as typed from the letter with a Japanese IME.
        var fullWidthId = string.Concat(credential.LoginId.Select(c => c switch { >= '0' and <= '9' => (char)(c - '0' + '０'), '@' => '＠', _ => c }));
        var edit = await session.TemporaryLogInAsync(fullWidthId, credential.Password);
        Assert.Contains(WebUtility.HtmlEncode(institution.Name), edit);
        Assert.Contains(WebUtility.HtmlEncode(institution.Founder), edit);
        Assert.DoesNotContain(credential.Password, edit);

        // Check page, back with the entries kept, check again with the kept password, confirm.
        var (_, check) = await session.PostAsync("/activation?handler=Check", edit, ActivationScenario.Entries("clinic@example.jp"));
        Assert.Contains("入力内容の確認", check);
        Assert.Contains("03-1234-5678", check); // normalised from full-width
        Assert.DoesNotContain(ActivationScenario.NewPassword, check);
        var draft = HttpSession.HiddenValue(check, "Draft");
        var (_, back) = await session.PostAsync("/activation?handler=Back", check, new Dictionary<string, string?> { ["Draft"] = draft });
        Assert.Contains("value=\"clinic@example.jp\"", back);
        Assert.Contains("入力済みのパスワードを使います", back);
        var entries = ActivationScenario.Entries("clinic@example.jp", password: string.Empty, draft: HttpSession.HiddenValue(back, "Draft"));
        var (_, checkAgain) = await session.PostAsync("/activation?handler=Check", back, entries);
        Assert.Contains("入力内容の確認", checkAgain);
        var (confirm, _) = await session.PostAsync("/activation?handler=Confirm", checkAgain, new Dictionary<string, string?> { ["Draft"] = HttpSession.HiddenValue(checkAgain, "Draft") });
        Assert.Equal("/activation/sent", confirm.Headers.Location?.OriginalString);

        // The mail with the link is in the outbox; until it is followed, the temporary login still works.
        var mails = await app.MailsToAsync("clinic@example.jp");
        var linkMail = Assert.Single(mails);
        Assert.Contains(institution.Name, linkMail.TextBody);
        var again = new HttpSession(app.CreateBrowserLikeClient());
        await again.TemporaryLogInAsync(credential.LoginId, credential.Password);
        var (waiting, _) = await again.GetAsync("/activation");
        Assert.Equal("/activation/sent", waiting.Headers.Location?.OriginalString);
        var (_, sent) = await again.GetAsync("/activation/sent");
        Assert.Contains("clinic@example.jp", sent);

        var done = await new HttpSession(app.CreateBrowserLikeClient()).FollowLinkAsync(Mails.PathIn(linkMail, "/activation/complete"));
        Assert.Contains("アカウント登録が完了しました", done);
        Assert.Contains(await app.MailsToAsync("clinic@example.jp"), m => m.Subject.Contains("アカウント登録完了のご案内", StringComparison.Ordinal));

        // The temporary credential is spent; the e-mail is the login now.
        var (_, refused) = await new HttpSession(app.CreateBrowserLikeClient()).SubmitAsync("/login", Login(credential.LoginId, credential.Password));
        Assert.Contains("使用済み", refused);
        await new HttpSession(app.CreateBrowserLikeClient()).LogInAsync("clinic@example.jp", ActivationScenario.NewPassword, "/mypage");

        await using var db = app.Database.CreateContext();
        var account = await db.Users.SingleAsync(u => u.InstitutionCode == institution.Code.Value);
        Assert.Equal("clinic@example.jp", account.Email);
        Assert.Equal("03-1234-5678", account.PhoneNumber);
        Assert.Equal("事務長 田中", account.ContactPerson);
        var actions = await db.Set<AuditEntry>().Where(a => a.InstitutionCode == institution.Code.Value).Select(a => a.Action).ToListAsync();
        Assert.Contains("temporary-login", actions);
        Assert.Contains("activation.requested", actions);
        Assert.Contains("activation.completed", actions);
        var details = await db.Set<AuditEntry>().Select(a => a.Details).ToListAsync();
        Assert.DoesNotContain(details, d => d.Contains(ActivationScenario.NewPassword, StringComparison.Ordinal) || d.Contains(credential.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_password_an_expired_and_a_reissued_credential_are_refused()
    {
        await using var app = await StartAppAsync();
        var (institution, first) = await app.IssueAsync(seed: 32);
        var session = new HttpSession(app.CreateBrowserLikeClient());

        var (_, wrong) = await session.SubmitAsync("/login", Login(first.LoginId, "ABCDEFGHJKLM"));
        Assert.Contains(Generic, wrong);

        var second = await app.ReissueAsync(institution.Code.Value);
        Assert.EndsWith("@02", second.LoginId);
        var (_, superseded) = await session.SubmitAsync("/login", Login(first.LoginId, first.Password));
        Assert.Contains("再発行により使えなくなりました", superseded);
        await new HttpSession(app.CreateBrowserLikeClient()).TemporaryLogInAsync(second.LoginId, second.Password);

        await using (var db = app.Database.CreateContext())
        {
            await db.Set<TemporaryCredential>().Where(c => c.LoginId == second.LoginId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }

        var (_, expired) = await new HttpSession(app.CreateBrowserLikeClient()).SubmitAsync("/login", Login(second.LoginId, second.Password));
        Assert.Contains("有効期限が切れています", expired);
    }

    [Fact]
    public async Task A_link_works_once_and_not_after_it_expired()
    {
        await using var app = await StartAppAsync();
        var (_, credential) = await app.IssueAsync(seed: 33);
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.RequestActivationAsync(await session.TemporaryLogInAsync(credential.LoginId, credential.Password), "once@example.jp");
        var link = Mails.PathIn((await app.MailsToAsync("once@example.jp")).Single(), "/activation/complete");

        Assert.Contains("アカウント登録が完了しました", await new HttpSession(app.CreateBrowserLikeClient()).FollowLinkAsync(link));
        Assert.Contains("すでに完了しています", await new HttpSession(app.CreateBrowserLikeClient()).FollowLinkAsync(link));
        Assert.Contains("このURLは無効です", await new HttpSession(app.CreateBrowserLikeClient()).FollowLinkAsync("/activation/complete?token=not-a-token"));

        var (other, otherCredential) = await app.IssueAsync(seed: 34);
        var late = new HttpSession(app.CreateBrowserLikeClient());
        await late.RequestActivationAsync(await late.TemporaryLogInAsync(otherCredential.LoginId, otherCredential.Password), "late@example.jp");
        await using (var db = app.Database.CreateContext())
        {
            await db.Set<ActivationRequest>().Where(r => r.Email == "late@example.jp")
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }

        Assert.Contains("有効期限（24時間）が切れています", await new HttpSession(app.CreateBrowserLikeClient()).FollowLinkAsync(Mails.PathIn((await app.MailsToAsync("late@example.jp")).Single(), "/activation/complete")));
        await using var check = app.Database.CreateContext();
        Assert.False(await check.Users.AnyAsync(u => u.InstitutionCode == other.Code.Value));
    }

    [Fact]
    public async Task Two_activations_racing_for_one_credential_make_one_account()
    {
        await using var app = await StartAppAsync();
        var (institution, credential) = await app.IssueAsync(seed: 35);
        var a = new HttpSession(app.CreateBrowserLikeClient());
        var b = new HttpSession(app.CreateBrowserLikeClient());
        await a.RequestActivationAsync(await a.TemporaryLogInAsync(credential.LoginId, credential.Password), "a@example.jp");
        await b.RequestActivationAsync(await b.TemporaryLogInAsync(credential.LoginId, credential.Password), "b@example.jp");

        // The second request replaced the first (only the latest link works); race two completions of it.
        var linkB = Mails.PathIn((await app.MailsToAsync("b@example.jp")).Single(), "/activation/complete");
        Assert.Contains("このURLは無効です", await new HttpSession(app.CreateBrowserLikeClient()).FollowLinkAsync(Mails.PathIn((await app.MailsToAsync("a@example.jp")).Single(), "/activation/complete")));
        var results = await Task.WhenAll(
            new HttpSession(app.CreateBrowserLikeClient()).FollowLinkAsync(linkB),
            new HttpSession(app.CreateBrowserLikeClient()).FollowLinkAsync(linkB));
        Assert.Single(results, r => r.Contains("アカウント登録が完了しました", StringComparison.Ordinal));

        await using var db = app.Database.CreateContext();
        Assert.Equal(1, await db.Users.CountAsync(u => u.InstitutionCode == institution.Code.Value));
    }

    [Fact]
    public async Task Resending_the_link_waits_a_minute_and_replaces_the_earlier_link()
    {
        await using var app = await StartAppAsync();
        var (_, credential) = await app.IssueAsync(seed: 38);
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.RequestActivationAsync(await session.TemporaryLogInAsync(credential.LoginId, credential.Password), "resend@example.jp");
        var (_, sent) = await session.GetAsync("/activation/sent");

        var (_, tooSoon) = await session.PostAsync("/activation/sent?handler=Resend", sent, new Dictionary<string, string?>());
        Assert.Contains("秒後からできます", tooSoon);
        Assert.Single(await app.MailsToAsync("resend@example.jp"));

        await LastSentTwoMinutesAgoAsync(app);
        var (_, resent) = await session.PostAsync("/activation/sent?handler=Resend", sent, new Dictionary<string, string?>());
        Assert.Contains("確認メールを再送信しました", resent);
        var mails = await app.MailsToAsync("resend@example.jp");
        Assert.Equal(2, mails.Count);
        Assert.Contains("このURLは無効です", await new HttpSession(app.CreateBrowserLikeClient()).FollowLinkAsync(Mails.PathIn(mails[0], "/activation/complete")));
        Assert.Contains("アカウント登録が完了しました", await new HttpSession(app.CreateBrowserLikeClient()).FollowLinkAsync(Mails.PathIn(mails[1], "/activation/complete")));
    }

    [Fact]
    public async Task Resends_posted_at_once_mail_one_link_and_never_pass_the_limit()
    {
        // The letter's holder types the address: resends posted at once (a script) must not mail it more often
        // than one after another may (a minute apart, MaxSends in all).
        await using var app = await StartAppAsync();
        var (_, credential) = await app.IssueAsync(seed: 39);
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.RequestActivationAsync(await session.TemporaryLogInAsync(credential.LoginId, credential.Password), "burst@example.jp");
        var (_, sent) = await session.GetAsync("/activation/sent");
        for (var round = 1; round < ActivationService.MaxSends + 2; round++)
        {
            await LastSentTwoMinutesAgoAsync(app);
            var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => session.PostAsync("/activation/sent?handler=Resend", sent, new Dictionary<string, string?>())));
            Assert.Equal(round < ActivationService.MaxSends ? 1 : 0, answers.Count(a => a.Html.Contains("確認メールを再送信しました", StringComparison.Ordinal)));
        }

        Assert.Equal(ActivationService.MaxSends, (await app.MailsToAsync("burst@example.jp")).Count);
    }

    /// <summary>The minute between two mails of a request has passed.</summary>
    private static async Task LastSentTwoMinutesAgoAsync(PortalAppFactory app)
    {
        await using var db = app.Database.CreateContext();
        await db.Set<ActivationRequest>().ExecuteUpdateAsync(s => s.SetProperty(r => r.LastSentAt, DateTimeOffset.UtcNow.AddMinutes(-2)));
    }

    [Fact]
    public async Task A_temporary_login_reaches_no_other_page()
    {
        await using var app = await StartAppAsync();
        var (_, credential) = await app.IssueAsync(seed: 36);
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.TemporaryLogInAsync(credential.LoginId, credential.Password);

        foreach (var page in new[] { "/operator", "/operator/institutions?Criteria.Code=01", "/account/password" })
        {
            var (response, _) = await session.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("https://localhost/login", response.Headers.Location!.ToString());
        }
    }

    [Fact]
    public async Task Bad_entries_get_Japanese_errors_and_change_nothing()
    {
        await using var app = await StartAppAsync();
        var (_, credential) = await app.IssueAsync(seed: 37);
        var session = new HttpSession(app.CreateBrowserLikeClient());
        var edit = await session.TemporaryLogInAsync(credential.LoginId, credential.Password);

        var entries = ActivationScenario.Entries("not-an-address");
        entries["Input.ConfirmEmail"] = "other@example.jp";
        entries["Input.Password"] = entries["Input.ConfirmPassword"] = "short";
        entries["Input.Phone"] = "電話";
        entries["Input.ContactPerson"] = string.Empty;
        var (response, html) = await session.PostAsync("/activation?handler=Check", edit, entries);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("メールアドレスの形式が正しくありません。", html);
        Assert.Contains("確認用のメールアドレスが一致しません。", html);
        Assert.Contains("パスワードは12文字以上", html);
        Assert.Contains("担当者名を入力してください。", html);
        Assert.Contains("入力内容に誤りがあります", html);

        var common = ActivationScenario.Entries("ok@example.jp", password: "1qaz2wsx3edc");
        var (_, commonHtml) = await session.PostAsync("/activation?handler=Check", edit, common);
        Assert.Contains("よく使われていて推測されやすい", commonHtml);

        await using var db = app.Database.CreateContext();
        Assert.Equal(0, await db.Set<ActivationRequest>().CountAsync());
        Assert.Equal(0, await db.Users.CountAsync());
    }
}

public sealed class ActivationTestsOnSqlite : ActivationTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class ActivationTestsOnPostgres : ActivationTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
