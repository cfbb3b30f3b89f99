using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// A change of the second factor (recovery codes, turning the app off, removing a passkey) needs the password or a
/// code typed within five minutes (/account/reauthenticate), and each such change mails a notice to the account.
/// </summary>
public abstract class ReauthenticationTests : DataTest
{
    private const string ToTwoFactor = "/account/reauthenticate?returnUrl=%2Faccount%2Ftwo-factor";
    private const string NoticeSubject = "2段階認証の設定変更のお知らせ";

    [Fact]
    public async Task New_recovery_codes_need_the_password_again_after_five_minutes_and_are_announced_by_mail()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var session = new HttpSession(app.WithClock(clock).CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") }));
        await session.LogInAsync(email, password, "/operator");
        clock.Advance(TimeSpan.FromMinutes(6));

        var (_, settings) = await session.GetAsync("/account/two-factor");
        var (refused, _) = await session.PostAsync("/account/two-factor?handler=RecoveryCodes", settings, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal(ToTwoFactor, refused.Headers.Location?.OriginalString);
        Assert.Empty(await app.MailsToAsync(email));

        var (_, form) = await session.GetAsync(ToTwoFactor);
        Assert.Contains("本人確認", form);
        var (wrong, wrongHtml) = await session.PostAsync(ToTwoFactor + "&handler=Password", form, new Dictionary<string, string?> { ["Password"] = "wrong-password-xyz" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("パスワードが正しくありません", wrongHtml);
        var (proven, _) = await session.PostAsync(ToTwoFactor + "&handler=Password", form, new Dictionary<string, string?> { ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, proven.StatusCode);
        Assert.Equal("/account/two-factor", proven.Headers.Location?.OriginalString);

        var (done, doneHtml) = await session.PostAsync("/account/two-factor?handler=RecoveryCodes", settings, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("新しいリカバリーコードを発行しました", doneHtml);
        var notice = Assert.Single(await app.MailsToAsync(email));
        Assert.Contains(NoticeSubject, notice.Subject);
        Assert.Contains("リカバリーコードの再発行", notice.TextBody);

        // Five minutes later the proof has run out again.
        clock.Advance(TimeSpan.FromMinutes(5.5));
        var (again, _) = await session.PostAsync("/account/two-factor?handler=RecoveryCodes", settings, new Dictionary<string, string?>());
        Assert.Equal(ToTwoFactor, again.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Turning_the_app_off_needs_a_code_again_and_is_announced_by_mail()
    {
        await using var app = await StartAppAsync();
        var (email, password, _) = await app.AddInstitutionAccountAsync();
        var key = await Authenticators.EnrolAsync(app, email);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var session = new HttpSession(app.WithClock(clock).CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") }));
        await session.LogInAsync(email, password, "/mypage");
        clock.Advance(TimeSpan.FromMinutes(6));

        var (_, settings) = await session.GetAsync("/account/two-factor");
        var (refused, _) = await session.PostAsync("/account/two-factor?handler=Disable", settings, new Dictionary<string, string?>());
        Assert.Equal(ToTwoFactor, refused.Headers.Location?.OriginalString);
        var (_, stillOn) = await session.GetAsync("/account/two-factor");
        Assert.Contains("認証アプリによる2段階認証は<strong>有効</strong>です", stillOn);

        var (_, form) = await session.GetAsync(ToTwoFactor);
        var (proven, _) = await session.PostAsync(ToTwoFactor + "&handler=Code", form, new Dictionary<string, string?> { ["Code"] = await Authenticators.NextCodeAsync(key, phone: app.PhoneClock) });
        Assert.Equal("/account/two-factor", proven.Headers.Location?.OriginalString);

        var (_, off) = await session.PostAsync("/account/two-factor?handler=Disable", stillOn, new Dictionary<string, string?>());
        Assert.Contains("認証アプリによる2段階認証を無効にしました", off);
        var notice = Assert.Single(await app.MailsToAsync(email));
        Assert.Contains("認証アプリによる2段階認証の無効化", notice.TextBody);
    }

    [Fact]
    public async Task Removing_a_passkey_needs_recent_authentication()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var session = new HttpSession(app.WithClock(clock).CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") }));
        await session.LogInAsync(email, password, "/operator");
        clock.Advance(TimeSpan.FromMinutes(6));

        var (_, settings) = await session.GetAsync("/account/two-factor");
        var (refused, _) = await session.PostAsync("/account/two-factor?handler=RemovePasskey", settings, new Dictionary<string, string?> { ["id"] = "AAAA" });
        Assert.Equal(ToTwoFactor, refused.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Just_after_login_no_second_proof_is_asked()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, "/operator");
        var (_, settings) = await session.GetAsync("/account/two-factor");
        var (done, html) = await session.PostAsync("/account/two-factor?handler=RecoveryCodes", settings, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("新しいリカバリーコードを発行しました", html);
    }
}

public sealed class ReauthenticationTestsOnSqlite : ReauthenticationTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class ReauthenticationTestsOnPostgres : ReauthenticationTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
