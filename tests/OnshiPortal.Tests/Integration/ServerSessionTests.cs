using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Account;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// Sessions kept on the server (ServerSessionStore): a cookie copied before logout, a password change, a role change
/// or the call centre's 全端末からのログアウト no longer opens anything, on every node at once; the sessions page.
/// </summary>
public abstract class ServerSessionTests : DataTest
{
    private const string NewPassword = "Hinoki-Kaede-Tsubaki-2027";

    [Fact]
    public async Task A_cookie_saved_before_logout_is_sent_to_login_after_it()
    {
        await using var app = await StartAppAsync();
        var (email, password, _) = await app.AddInstitutionAccountAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());
        var saved = await session.LogInAndCaptureAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, (await app.ReplayAsync(saved, "/account")).StatusCode);

        await session.SubmitAsync("/logout", new Dictionary<string, string>());

        SessionCookies.AssertSentToLogin(await app.ReplayAsync(saved, "/account"));
        await using var db = app.Database.CreateContext();
        Assert.Equal(0, await db.Set<ServerSession>().CountAsync());
    }

    [Fact]
    public async Task An_operators_cookie_saved_before_logout_is_sent_to_login_after_it_on_another_node()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());
        var saved = await session.LogInAndCaptureAsync(email, password);

        // A second node on the same database reads the session (the cookie holds only its key).
        await using var otherNode = new PortalAppFactory(app.Database) { CredentialKeyFile = app.CredentialKeyFile };
        Assert.Equal(HttpStatusCode.OK, (await otherNode.ReplayAsync(saved, "/operator")).StatusCode);

        await session.SubmitAsync("/logout", new Dictionary<string, string>());

        SessionCookies.AssertSentToLogin(await otherNode.ReplayAsync(saved, "/operator"));
        SessionCookies.AssertSentToLogin(await app.ReplayAsync(saved, "/operator"));
    }

    [Fact]
    public async Task A_password_change_ends_the_other_sessions_at_once_and_keeps_this_one()
    {
        await using var app = await StartAppAsync();
        var (email, password, _) = await app.AddInstitutionAccountAsync();
        var elsewhere = await new HttpSession(app.CreateBrowserLikeClient()).LogInAndCaptureAsync(email, password);
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, "/mypage");
        Assert.Equal(HttpStatusCode.OK, (await app.ReplayAsync(elsewhere, "/account")).StatusCode);

        var (_, html) = await session.SubmitAsync("/account/password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = password,
            ["Input.NewPassword"] = NewPassword,
            ["Input.ConfirmPassword"] = NewPassword,
        });
        Assert.Contains("パスワードを変更しました", html);

        SessionCookies.AssertSentToLogin(await app.ReplayAsync(elsewhere, "/account"));
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/account")).Response.StatusCode);
    }

    [Fact]
    public async Task A_role_change_ends_the_accounts_sessions()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync();
        var saved = await new HttpSession(app.CreateBrowserLikeClient()).LogInAndCaptureAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, (await app.ReplayAsync(saved, "/operator")).StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            Assert.True((await users.RemoveFromRoleAsync((await users.FindByEmailAsync(email))!, Roles.Operator)).Succeeded);
        }

        SessionCookies.AssertSentToLogin(await app.ReplayAsync(saved, "/operator"));
    }

    [Fact]
    public async Task The_call_centre_ends_every_session_of_an_institution_account_with_a_reason_and_an_audit_entry()
    {
        await using var app = await StartAppAsync();
        var (email, password, code) = await app.AddInstitutionAccountAsync();
        var first = await new HttpSession(app.CreateBrowserLikeClient()).LogInAndCaptureAsync(email, password);
        var second = await new HttpSession(app.CreateBrowserLikeClient()).LogInAndCaptureAsync(email, password);
        var (operatorEmail, operatorPassword) = await app.AddOperatorAsync();
        var desk = new HttpSession(app.CreateBrowserLikeClient());
        await desk.LogInAsync(operatorEmail, operatorPassword, "/operator");

        var (_, details) = await desk.GetAsync($"/operator/institutions/{code}");
        Assert.Contains($"href=\"/operator/institutions/{code}/end-sessions\"", details);
        var (_, form) = await desk.GetAsync($"/operator/institutions/{code}/end-sessions");
        Assert.Contains("全端末からのログアウト", form);

        // No reason: nothing ends.
        var (refused, refusedHtml) = await desk.PostAsync($"/operator/institutions/{code}/end-sessions", form, new Dictionary<string, string?> { ["Reason"] = " " });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("操作の理由を入力してください", refusedHtml);
        Assert.Equal(HttpStatusCode.OK, (await app.ReplayAsync(first, "/account")).StatusCode);

        var (done, _) = await desk.PostAsync($"/operator/institutions/{code}/end-sessions", form, new Dictionary<string, string?> { ["Reason"] = "PCを紛失したとの電話（事務長 田中様）" });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/operator/institutions/{code}?done=end-sessions", done.Headers.Location?.OriginalString);

        SessionCookies.AssertSentToLogin(await app.ReplayAsync(first, "/account"));
        SessionCookies.AssertSentToLogin(await app.ReplayAsync(second, "/account"));
        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync("/operator")).Response.StatusCode); // the operator's own session stays
        await using var db = app.Database.CreateContext();
        var entry = await db.Set<AuditEntry>().SingleAsync(a => a.Action == "callcentre.sessions-ended");
        Assert.Equal(operatorEmail, entry.Actor);
        Assert.Equal(code, entry.InstitutionCode);
        Assert.Contains("PCを紛失した", entry.Details);
    }

    [Fact]
    public async Task The_sessions_page_lists_the_accounts_sessions_and_ends_one_or_all_the_others()
    {
        await using var app = await StartAppAsync();
        var (email, password, _) = await app.AddInstitutionAccountAsync();
        var phone = new HttpSession(app.CreateBrowserLikeClient());
        phone.Client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1");
        var phoneCookie = await phone.LogInAndCaptureAsync(email, password);
        var tablet = await new HttpSession(app.CreateBrowserLikeClient()).LogInAndCaptureAsync(email, password);
        var session = new HttpSession(app.CreateBrowserLikeClient());
        session.Client.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36");
        await session.LogInAsync(email, password, "/mypage");

        var (_, settings) = await session.GetAsync("/account");
        Assert.Contains("href=\"/account/sessions\"", settings);
        var (_, page) = await session.GetAsync("/account/sessions");
        Assert.Contains("ログイン中の端末", page);
        Assert.Contains("Chrome（Windows）", page);
        Assert.Contains("Safari（iPhone）", page);
        Assert.Contains("この端末", page);
        Assert.Equal(2, CountOf(page, "name=\"id\"")); // the two others can be ended, this one by logging out

        // End the phone's session: its cookie stops working, the tablet's does not.
        var phoneId = ServerSessionStore.IdOf(await KeyOfAsync(app, phoneCookie));
        var (_, ended) = await session.PostAsync("/account/sessions?handler=End", page, new Dictionary<string, string?> { ["id"] = phoneId });
        Assert.Contains("選択した端末のログインを終了しました", ended);

        SessionCookies.AssertSentToLogin(await app.ReplayAsync(phoneCookie, "/account"));
        Assert.Equal(HttpStatusCode.OK, (await app.ReplayAsync(tablet, "/account")).StatusCode);

        var (_, all) = await session.PostAsync("/account/sessions?handler=EndOthers", page, new Dictionary<string, string?>());
        Assert.Contains("ほかの端末（1件）のログインを終了しました", all);
        SessionCookies.AssertSentToLogin(await app.ReplayAsync(tablet, "/account"));
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/account/sessions")).Response.StatusCode);
    }

    [Fact]
    public async Task Another_accounts_session_cannot_be_ended_from_the_sessions_page()
    {
        await using var app = await StartAppAsync();
        var (email, password, _) = await app.AddInstitutionAccountAsync();
        var (operatorEmail, operatorPassword) = await app.AddOperatorAsync();
        var victim = await new HttpSession(app.CreateBrowserLikeClient()).LogInAndCaptureAsync(operatorEmail, operatorPassword);
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, "/mypage");
        var (_, page) = await session.GetAsync("/account/sessions");

        var (_, html) = await session.PostAsync("/account/sessions?handler=End", page, new Dictionary<string, string?> { ["id"] = ServerSessionStore.IdOf(await KeyOfAsync(app, victim)) });

        Assert.Contains("見つかりませんでした", html);
        Assert.Equal(HttpStatusCode.OK, (await app.ReplayAsync(victim, "/operator")).StatusCode);
    }

    [Fact]
    public async Task Expired_sessions_are_deleted_and_the_cookie_holds_only_a_key()
    {
        await using var app = await StartAppAsync();
        var (email, password, _) = await app.AddInstitutionAccountAsync();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var timed = app.WithClock(clock);
        var old = new HttpSession(timed.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") }));
        await old.LogInAndCaptureAsync(email, password);

        clock.Advance(TimeSpan.FromHours(8.5)); // past the sliding 8 hours
        await new HttpSession(timed.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") })).LogInAndCaptureAsync(email, password);

        await using var db = app.Database.CreateContext();
        var rows = await db.Set<ServerSession>().ToListAsync();
        var row = Assert.Single(rows); // the expired one went when the new one came
        Assert.DoesNotContain(email, System.Text.Encoding.UTF8.GetString(row.Ticket)); // the ticket is protected
        Assert.Equal(64, row.Id.Length);
    }

    /// <summary>The session key inside the cookie (the cookie is the key, protected by the cookie handler).</summary>
    private static async Task<string> KeyOfAsync(PortalAppFactory app, string cookie)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var options = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>>()
            .Get(IdentityConstants.ApplicationScheme);
        var ticket = options.TicketDataFormat.Unprotect(Uri.UnescapeDataString(cookie))!;
        return ticket.Principal.FindFirst("Microsoft.AspNetCore.Authentication.Cookies-SessionId")!.Value;
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;
}

public sealed class ServerSessionTestsOnSqlite : ServerSessionTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class ServerSessionTestsOnPostgres : ServerSessionTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
