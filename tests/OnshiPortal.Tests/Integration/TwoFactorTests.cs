using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>The second factor over HTTP: the authenticator app, recovery codes, the operators' duty, passkey options.</summary>
public abstract partial class TwoFactorTests : DataTest
{
    private static Dictionary<string, string> Login(string email, string password) =>
        new() { ["Input.Email"] = email, ["Input.Password"] = password };

    [Fact]
    public async Task An_operator_without_a_second_factor_is_sent_to_set_one_up_and_reaches_no_operator_page_until_then()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync(withAuthenticator: false);
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, "/operator");

        foreach (var url in new[] { "/operator", "/operator/institutions?Criteria.Code=01", "/account", "/" })
        {
            var (blocked, _) = await session.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, blocked.StatusCode);
            Assert.Equal("/account/two-factor", blocked.Headers.Location!.OriginalString);
        }

        var (setup, setupHtml) = await session.GetAsync("/account/two-factor");
        Assert.Equal(HttpStatusCode.OK, setup.StatusCode);
        Assert.Contains("業務用アカウントは2段階認証が必須です", setupHtml);

        // A wrong code: nothing changes, the operator is still held at the set-up.
        var (_, enablePage) = await session.GetAsync("/account/two-factor/authenticator");
        var key = KeyOn(enablePage);
        var (wrong, wrongHtml) = await session.PostAsync("/account/two-factor/authenticator", enablePage, new Dictionary<string, string?> { ["Code"] = WrongCode(key, app.PhoneClock) });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("確認コードが正しくありません", wrongHtml);
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/operator")).Response.StatusCode);

        // The same key is still pending after the wrong code: the right code from it turns the factor on.
        Assert.Equal(key, KeyOn(wrongHtml));
        var (right, rightHtml) = await session.PostAsync("/account/two-factor/authenticator", wrongHtml, new Dictionary<string, string?> { ["Code"] = await Authenticators.NextCodeAsync(key, phone: app.PhoneClock) });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(10, RecoveryCodesOn(rightHtml).Count);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/operator")).Response.StatusCode);

        // Shown once: the settings page tells how many are left, not the codes.
        var (_, settings) = await session.GetAsync("/account/two-factor");
        Assert.Empty(RecoveryCodesOn(settings));
        Assert.Contains("未使用のリカバリーコード: 10個", settings);

        await using var db = app.Database.CreateContext();
        var actions = await db.Set<AuditEntry>().Where(a => a.Actor == email).Select(a => a.Action).ToListAsync();
        Assert.Contains("2fa.failed", actions);
        Assert.Contains("2fa.enabled", actions);
        Assert.Contains("2fa.recovery-codes.generated", actions);
        var user = await db.Users.SingleAsync(u => u.Email == email);
        Assert.True(user.TwoFactorEnabled);
        var stored = await db.UserTokens.Where(t => t.UserId == user.Id && t.Name == "RecoveryCodes").Select(t => t.Value).SingleAsync();
        Assert.DoesNotContain(RecoveryCodesOn(rightHtml)[0], stored!, StringComparison.Ordinal); // hashes, not the codes
    }

    [Fact]
    public async Task An_operator_with_an_authenticator_gets_in_only_with_the_code()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());
        var (afterPassword, _) = await session.SubmitAsync("/login", Login(email, password));
        Assert.Equal(HttpStatusCode.Redirect, afterPassword.StatusCode);
        Assert.Equal("/login/two-factor", afterPassword.Headers.Location!.OriginalString);

        // The password alone opens nothing.
        var (menu, _) = await session.GetAsync("/operator");
        Assert.Equal(HttpStatusCode.Redirect, menu.StatusCode);
        Assert.StartsWith("https://localhost/login", menu.Headers.Location!.ToString());

        // Operators are never offered この端末を記憶する.
        var (_, codePage) = await session.GetAsync("/login/two-factor");
        Assert.DoesNotContain("この端末を記憶する", codePage);
        Assert.Contains("/login/recovery", codePage);

        var (done, _) = await session.PostAsync("/login/two-factor", codePage, new Dictionary<string, string?> { ["Code"] = await Authenticators.NextCodeAsync(Authenticators.KeyFor(email)!, phone: app.PhoneClock), ["RememberDevice"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("/operator", done.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/operator")).Response.StatusCode);

        // Even if asked, no remembered device: the next login asks for the code again.
        var (again, _) = await session.SubmitAsync("/login", Login(email, password));
        Assert.Equal("/login/two-factor", again.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Wrong_codes_count_toward_the_login_throttle()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync();
        var key = Authenticators.KeyFor(email)!;
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.SubmitAsync("/login", Login(email, password));
        string html = string.Empty;
        for (var i = 0; i < 6; i++) // five free failures from the address, a sixth that earns a delay
        {
            (_, html) = await session.SubmitAsync("/login/two-factor", new Dictionary<string, string> { ["Code"] = WrongCode(key, app.PhoneClock) });
        }

        Assert.Contains("確認コードが正しくありません", html);

        // Slowed, as wrong passwords are: now even the right code and the right password wait.
        var (right, rightHtml) = await session.SubmitAsync("/login/two-factor", new Dictionary<string, string> { ["Code"] = await Authenticators.NextCodeAsync(key, phone: app.PhoneClock) });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("ログインの試行が続いたため、しばらくお待ちください", rightHtml);
        var (password2, passwordHtml) = await new HttpSession(app.CreateBrowserLikeClient()).SubmitAsync("/login", Login(email, password));
        Assert.Equal(HttpStatusCode.OK, password2.StatusCode);
        Assert.Contains("ログインの試行が続いたため、しばらくお待ちください", passwordHtml);

        await using var db = app.Database.CreateContext();
        var actions = await db.Set<AuditEntry>().Where(a => a.Actor == email).Select(a => a.Action).ToListAsync();
        Assert.True(actions.Count(a => a == "2fa.failed") >= 6);
        Assert.Null((await db.Users.SingleAsync(u => u.Email == email)).LockoutEnd); // no lockout
    }

    [Fact]
    public async Task The_same_code_cannot_log_in_twice()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync();
        var key = Authenticators.KeyFor(email)!;
        var code = await Authenticators.NextCodeAsync(key, phone: app.PhoneClock);

        var first = new HttpSession(app.CreateBrowserLikeClient());
        await first.SubmitAsync("/login", Login(email, password));
        var (accepted, _) = await first.SubmitAsync("/login/two-factor", new Dictionary<string, string> { ["Code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);

        // Seen over a shoulder or phished: the same code in another browser, within its 30 seconds.
        var second = new HttpSession(app.CreateBrowserLikeClient());
        await second.SubmitAsync("/login", Login(email, password));
        var (replayed, html) = await second.SubmitAsync("/login/two-factor", new Dictionary<string, string> { ["Code"] = code });
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Contains("確認コードが正しくありません", html);
        Assert.NotNull(await Authenticators.LastAcceptedStepAsync(app, email));
    }

    [Fact]
    public async Task A_recovery_code_logs_in_once()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, "/operator");
        var (_, page) = await session.GetAsync("/account/two-factor");
        var (_, issued) = await session.PostAsync("/account/two-factor?handler=RecoveryCodes", page, new Dictionary<string, string?>());
        var codes = RecoveryCodesOn(issued);
        Assert.Equal(10, codes.Count);

        async Task<(HttpResponseMessage Response, string Html)> RecoverAsync(string code)
        {
            var fresh = new HttpSession(app.CreateBrowserLikeClient());
            var (toCode, _) = await fresh.SubmitAsync("/login", Login(email, password));
            Assert.Equal("/login/two-factor", toCode.Headers.Location!.OriginalString);
            return await fresh.SubmitAsync("/login/recovery", new Dictionary<string, string> { ["RecoveryCode"] = code });
        }

        // Typed loosely (lower case, a space for the hyphen): still the code.
        var (first, _) = await RecoverAsync(codes[3].ToLowerInvariant().Replace('-', ' '));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/operator", first.Headers.Location!.OriginalString);

        var (second, secondHtml) = await RecoverAsync(codes[3]);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("リカバリーコードが正しくないか、すでに使用されています", secondHtml);

        await using var db = app.Database.CreateContext();
        var actions = await db.Set<AuditEntry>().Where(a => a.Actor == email).Select(a => a.Action).ToListAsync();
        Assert.Single(actions, a => a == "2fa.recovery-code.used");
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var key = OnshiPortal.Features.Activation.LoginThrottle.AccountKey(user.UserName!);
        var counted = await db.Set<OnshiPortal.Features.Activation.LoginThrottleEntry>().SingleAsync(e => e.Key == key);
        Assert.Equal(1, counted.Failures); // the reused code counted toward the login throttle (no lockout)
    }

    [Fact]
    public async Task An_institution_may_turn_the_authenticator_off_an_operator_may_not_turn_off_the_only_factor()
    {
        await using var app = await StartAppAsync();
        var (operatorEmail, operatorPassword) = await app.AddOperatorAsync();
        var staff = new HttpSession(app.CreateBrowserLikeClient());
        await staff.LogInAsync(operatorEmail, operatorPassword, "/operator");
        var (_, staffPage) = await staff.GetAsync("/account/two-factor");
        Assert.DoesNotContain("認証アプリを無効にする", staffPage);
        var (_, refused) = await staff.PostAsync("/account/two-factor?handler=Disable", staffPage, new Dictionary<string, string?>());
        Assert.Contains("業務用アカウントは2段階認証が必須のため", refused);
        await using (var db = app.Database.CreateContext())
        {
            Assert.True((await db.Users.SingleAsync(u => u.Email == operatorEmail)).TwoFactorEnabled);
        }

        const string email = "clinic-2fa@example.jp";
        const string password = "hana-no-iro-wa-utsurinikeri";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var created = await users.CreateAsync(new PortalUser { UserName = email, Email = email, EmailConfirmed = true, InstitutionCode = "0110113719", InstitutionRole = InstitutionRole.Administrator, AccountOf = "0110113719", CreatedAt = DateTimeOffset.UtcNow }, password);
            Assert.True(created.Succeeded);
        }

        var key = await Authenticators.EnrolAsync(app, email);
        var clinic = new HttpSession(app.CreateBrowserLikeClient());
        await clinic.SubmitAsync("/login", Login(email, password));
        var (_, codePage) = await clinic.GetAsync("/login/two-factor");
        Assert.Contains("この端末を記憶する", codePage); // offered to institutions
        var (done, _) = await clinic.PostAsync("/login/two-factor", codePage, new Dictionary<string, string?> { ["Code"] = await Authenticators.NextCodeAsync(key, phone: app.PhoneClock) });
        Assert.Equal("/mypage", done.Headers.Location!.OriginalString);

        var (_, page) = await clinic.GetAsync("/account/two-factor");
        var (_, disabled) = await clinic.PostAsync("/account/two-factor?handler=Disable", page, new Dictionary<string, string?>());
        Assert.Contains("認証アプリによる2段階認証を無効にしました", disabled);
        await new HttpSession(app.CreateBrowserLikeClient()).LogInAsync(email, password, "/mypage");

        await using var check = app.Database.CreateContext();
        var actions = await check.Set<AuditEntry>().Where(a => a.Actor == email).Select(a => a.Action).ToListAsync();
        Assert.Contains("2fa.disabled", actions);
    }

    [Fact]
    public async Task The_passkey_endpoints_answer_webauthn_options_as_json()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, "/operator");
        var (_, page) = await session.GetAsync("/account/two-factor");
        var (created, createdJson) = await session.PostAsync("/account/two-factor?handler=PasskeyOptions", page, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal("application/json", created.Content.Headers.ContentType?.MediaType);
        using (var creation = JsonDocument.Parse(createdJson))
        {
            var root = creation.RootElement;
            Assert.Equal("localhost", root.GetProperty("rp").GetProperty("id").GetString());
            Assert.Equal(email, root.GetProperty("user").GetProperty("name").GetString());
            Assert.True(Convert.FromBase64String(Base64(root.GetProperty("challenge").GetString()!)).Length >= 16);
            Assert.Contains(root.GetProperty("pubKeyCredParams").EnumerateArray(), p => p.GetProperty("alg").GetInt32() == -7); // ES256
        }

        // Without the page's antiforgery token, no options.
        var (forged, _) = await session.PostAsync("/account/two-factor?handler=PasskeyOptions", "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"forged\"", new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var anonymous = new HttpSession(app.CreateBrowserLikeClient());
        var (_, login) = await anonymous.GetAsync("/login");
        var (requested, requestJson) = await anonymous.PostAsync("/login?handler=PasskeyOptions", login, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.OK, requested.StatusCode);
        using var request = JsonDocument.Parse(requestJson);
        Assert.Equal("localhost", request.RootElement.GetProperty("rpId").GetString());
        Assert.False(string.IsNullOrEmpty(request.RootElement.GetProperty("challenge").GetString()));

        // An answer that is not a passkey's: refused, nobody logged in.
        var (bad, badHtml) = await anonymous.PostAsync("/login?handler=Passkey", login, new Dictionary<string, string?> { ["PasskeyCredential"] = "{\"id\":\"AAAA\"}" });
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("パスキーでログインできませんでした", badHtml);
    }

    [Fact]
    public async Task A_passkey_registered_by_a_software_authenticator_logs_in_alone_and_a_password_alone_is_then_refused()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync(withAuthenticator: false);
        using var authenticator = new SoftwareAuthenticator("https://localhost");
        var session = new HttpSession(Browser(app));
        await session.LogInAsync(email, password, "/operator");

        var (_, page) = await session.GetAsync("/account/two-factor");
        var (_, creationOptions) = await session.PostAsync("/account/two-factor?handler=PasskeyOptions", page, new Dictionary<string, string?>());
        var (added, addedHtml) = await session.PostAsync("/account/two-factor?handler=AddPasskey", page, new Dictionary<string, string?>
        {
            ["PasskeyName"] = "試験用の認証器",
            ["PasskeyCredential"] = authenticator.Create(creationOptions),
        });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        if (!addedHtml.Contains("パスキー「試験用の認証器」を登録しました。", StringComparison.Ordinal))
        {
            await using var failures = app.Database.CreateContext();
            Assert.Fail("not registered: " + string.Join("; ", await failures.Set<AuditEntry>().Where(a => a.Action == "2fa.failed").Select(a => a.Details).ToListAsync()));
        }

        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/operator")).Response.StatusCode); // the duty is met

        // The operator's only factor cannot be removed.
        var (_, refused) = await session.PostAsync("/account/two-factor?handler=RemovePasskey", addedHtml, new Dictionary<string, string?> { ["id"] = authenticator.CredentialId });
        Assert.Contains("最後のパスキーは削除できません", refused);

        // A new browser: the passkey alone logs in; no address, no password.
        var fresh = new HttpSession(Browser(app));
        var (_, login) = await fresh.GetAsync("/login");
        var (_, requestOptions) = await fresh.PostAsync("/login?handler=PasskeyOptions", login, new Dictionary<string, string?>());
        var (signedIn, _) = await fresh.PostAsync("/login?handler=Passkey", login, new Dictionary<string, string?> { ["PasskeyCredential"] = authenticator.Get(requestOptions) });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/operator", signedIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/operator")).Response.StatusCode);

        // The same assertion again (a replay): its challenge is spent.
        var replay = new HttpSession(Browser(app));
        var (_, replayLogin) = await replay.GetAsync("/login");
        await replay.PostAsync("/login?handler=PasskeyOptions", replayLogin, new Dictionary<string, string?>());
        var (replayed, replayedHtml) = await replay.PostAsync("/login?handler=Passkey", replayLogin, new Dictionary<string, string?> { ["PasskeyCredential"] = authenticator.Get(requestOptions) });
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Contains("パスキーでログインできませんでした", replayedHtml);

        // With a passkey as the only factor, the password alone no longer logs in.
        var (passwordOnly, passwordHtml) = await new HttpSession(app.CreateBrowserLikeClient()).SubmitAsync("/login", Login(email, password));
        Assert.Equal(HttpStatusCode.OK, passwordOnly.StatusCode);
        Assert.Contains("パスキーでログイン」からログインしてください", passwordHtml);

        await using var db = app.Database.CreateContext();
        var actions = await db.Set<AuditEntry>().Where(a => a.Actor == email).Select(a => a.Action).ToListAsync();
        Assert.Contains("2fa.passkey.added", actions);
        Assert.Contains(actions, a => a == "login.succeeded");
    }

    /// <summary>A client that sends the Origin header, as a browser does with a form post (WebAuthn checks it).</summary>
    private static HttpClient Browser(PortalAppFactory app)
    {
        var client = app.CreateBrowserLikeClient();
        client.DefaultRequestHeaders.Add("Origin", "https://localhost");
        return client;
    }

    internal static string KeyOn(string html) =>
        WebUtility.HtmlDecode(KeyPattern().Match(html).Groups[1].Value).Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    internal static List<string> RecoveryCodesOn(string html) =>
        [.. CodePattern().Matches(html[Math.Max(0, html.IndexOf("recovery-codes__list", StringComparison.Ordinal))..]).Select(m => m.Groups[1].Value)];

    /// <summary>A code the app does not show in any step the portal accepts (the previous, this and the next).</summary>
    private static string WrongCode(string key, TimeProvider phone)
    {
        var now = phone.GetUtcNow().ToUnixTimeSeconds();
        var accepted = Enumerable.Range(-3, 7).Select(step => Totp.Code(Totp.Base32Decode(key), now + (step * 30))).ToHashSet();
        return Enumerable.Range(0, 1000).Select(i => i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).First(c => !accepted.Contains(c));
    }

    private static string Base64(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
    }

    [GeneratedRegex("data-authenticator-key>([^<]+)<")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("<li><code>([A-Z0-9-]+)</code></li>")]
    private static partial Regex CodePattern();
}

public sealed class TwoFactorTestsOnSqlite : TwoFactorTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class TwoFactorTestsOnPostgres : TwoFactorTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
