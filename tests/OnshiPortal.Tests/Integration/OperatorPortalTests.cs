using System.Net;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>Login, the first-login password change and the institution search, over the real HTTP pipeline.</summary>
public abstract class OperatorPortalTests : DataTest
{
    private static Dictionary<string, string> Login(string email, string password) =>
        new() { ["Input.Email"] = email, ["Input.Password"] = password };

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_the_login_page()
    {
        await using var app = await StartAppAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());
        var (response, _) = await session.GetAsync("/operator/institutions?Criteria.Code=01");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("https://localhost/login?ReturnUrl=", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task The_one_time_password_must_be_replaced_before_any_other_page()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync(Roles.Admin, keepInitialPassword: true);
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, "/operator");

        var (menu, _) = await session.GetAsync("/operator");
        Assert.Equal(HttpStatusCode.Redirect, menu.StatusCode);
        Assert.Equal("/account/password", menu.Headers.Location!.OriginalString);

        var (mismatch, html) = await session.SubmitAsync("/account/password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = password,
            ["Input.NewPassword"] = "kumo-no-ue-ni-sora-ga-aru",
            ["Input.ConfirmPassword"] = "kumo-no-ue-ni-sora-ga-nai",
        });
        Assert.Equal(HttpStatusCode.OK, mismatch.StatusCode);
        Assert.Contains("確認用のパスワードが一致しません。", html);

        var (changed, _) = await session.SubmitAsync("/account/password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = password,
            ["Input.NewPassword"] = "kumo-no-ue-ni-sora-ga-aru",
            ["Input.ConfirmPassword"] = "kumo-no-ue-ni-sora-ga-aru",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/operator")).Response.StatusCode);

        // The printed password is gone for good.
        var again = new HttpSession(app.CreateBrowserLikeClient());
        var (refused, refusedHtml) = await again.SubmitAsync("/login", Login(email, password));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("メールアドレスまたはパスワードが正しくありません。", refusedHtml);
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_with_the_same_words_as_an_unknown_address()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());

        var (_, unknown) = await session.SubmitAsync("/login", Login("nobody@onshi.example", "wrong-password-123"));
        var (_, wrong) = await session.SubmitAsync("/login", Login(email, "wrong-password-123"));
        Assert.Contains("メールアドレスまたはパスワードが正しくありません。", unknown);
        Assert.Contains("メールアドレスまたはパスワードが正しくありません。", wrong);

        for (var i = 0; i < 4; i++)
        {
            await session.SubmitAsync("/login", Login(email, "wrong-password-123"));
        }

        // Six failures from one address: the next attempt waits, the right password too; nothing is locked.
        var (slowed, slowedHtml) = await session.SubmitAsync("/login", Login(email, password));
        Assert.Equal(HttpStatusCode.OK, slowed.StatusCode);
        Assert.Contains("ログインの試行が続いたため、しばらくお待ちください", slowedHtml);
        Assert.DoesNotContain("一時的にログインできません", slowedHtml);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync();
        var client = app.CreateBrowserLikeClient();
        var response = await client.PostAsync("/login", new FormUrlEncodedContent(Login(email, password)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("onshi.auth", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Cookies_are_secure_http_only_and_same_site()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync(withAuthenticator: false); // the password step itself signs in

        var session = new HttpSession(app.CreateBrowserLikeClient());
        var (page, html) = await session.GetAsync("/login");
        var form = new Dictionary<string, string>(Login(email, password)) { ["__RequestVerificationToken"] = HttpSession.TokenIn(html) };
        var response = await session.Client.PostAsync("/login", new FormUrlEncodedContent(form));
        var auth = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("onshi.auth=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("secure", auth);
        Assert.Contains("httponly", auth);
        Assert.Contains("samesite=lax", auth);
        Assert.Contains(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith("onshi.af=", StringComparison.Ordinal) && c.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task An_account_without_a_back_office_role_cannot_search()
    {
        await using var app = await StartAppAsync();
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(0, await db.Users.CountAsync());
        }

        var (email, password) = await app.AddOperatorAsync();
        await using (var db = app.Database.CreateContext())
        {
            db.UserRoles.RemoveRange(db.UserRoles);
            await db.SaveChangesAsync();
        }

        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, "/mypage");
        var (response, _) = await session.GetAsync("/operator/institutions?Criteria.Code=01");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("https://localhost/access-denied", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task The_search_finds_by_full_width_code_partial_code_name_kana_phone_and_prefecture()
    {
        await using var app = await StartAppAsync();
        var records = await app.ImportGeneratedAsync(300, seed: 17);
        var (email, password) = await app.AddOperatorAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, "/operator");
        var target = records[42];

        var fullWidth = string.Concat(target.Code.Value.Select(c => (char)(c - '0' + '０')));
        var fullWidthCode = fullWidth[..2] + "－" + fullWidth[2..];
        var (byCode, html) = await session.GetAsync("/operator/institutions?Criteria.Code=" + Uri.EscapeDataString(fullWidthCode));
        Assert.Equal(HttpStatusCode.OK, byCode.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(target.Name), html);
        Assert.Contains("1件", html);

        var prefix = target.Code.Value[..5];
        var (_, byPrefix) = await session.GetAsync("/operator/institutions?Criteria.Code=" + prefix);
        var expectedByPrefix = records.Count(r => r.Code.Value.StartsWith(prefix, StringComparison.Ordinal));
        Assert.Contains($"{expectedByPrefix}件", byPrefix);

        var (_, byName) = await session.GetAsync("/operator/institutions?Criteria.Name=" + Uri.EscapeDataString(target.Name));
        Assert.Contains(target.Code.Value, byName);

        var (_, byKana) = await session.GetAsync("/operator/institutions?Criteria.Name=" + Uri.EscapeDataString(target.NameKana[..Math.Min(6, target.NameKana.Length)]));
        Assert.Contains(target.Code.Value, byKana);

        if (target.Phone.Length > 0)
        {
            var (_, byPhone) = await session.GetAsync("/operator/institutions?Criteria.Phone=" + Uri.EscapeDataString(target.Phone.Replace("-", "", StringComparison.Ordinal)));
            Assert.Contains(target.Code.Value, byPhone);
        }

        var (_, byPrefecture) = await session.GetAsync($"/operator/institutions?Criteria.Prefecture={target.Code.Prefecture}");
        var expectedByPrefecture = records.Count(r => r.Code.Prefecture == target.Code.Prefecture);
        Assert.Contains($"{expectedByPrefecture}件", byPrefecture);

        var (bad, badHtml) = await session.GetAsync("/operator/institutions?Criteria.Code=abc");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("医療機関等コードは数字で入力してください", badHtml);
        Assert.DoesNotContain("検索結果", badHtml);
    }

    [Fact]
    public async Task The_institution_page_shows_the_master_data_and_its_history()
    {
        await using var app = await StartAppAsync();
        var records = await app.ImportGeneratedAsync(5, seed: 23);
        var changed = records[2] with { Manager = "山田 花子" };
        Assert.Equal(0, (await app.RunCommandAsync("institutions", "import", Scenario.WriteCsv(records.Select(r => r == records[2] ? changed : r)))).ExitCode);
        var (email, password) = await app.AddOperatorAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, "/operator");

        var (response, html) = await session.GetAsync("/operator/institutions/" + changed.Code.Value);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(changed.Name), html);
        Assert.Contains("管理者: 「" + WebUtility.HtmlEncode(records[2].Manager) + "」→「山田 花子」", html);

        var (missing, _) = await session.GetAsync("/operator/institutions/0110113719");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}

public sealed class OperatorPortalTestsOnSqlite : OperatorPortalTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class OperatorPortalTestsOnPostgres : OperatorPortalTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
