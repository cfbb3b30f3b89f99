using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>A session cookie planted in someone's browser does not become their session when they log in (ASVS 3.2.1).</summary>
public abstract class SessionFixationTests : DataTest
{
    [Fact]
    public async Task Logging_in_over_a_planted_session_cookie_starts_a_session_under_a_new_key()
    {
        await using var app = await StartAppAsync();
        await app.ActivateAccountAsync((await app.ImportGeneratedAsync(10, seed: 161)).First(r => r.ClosedOn is null).Code.Value, "victim@example.jp");
        var (attackerEmail, attackerPassword) = await app.AddOperatorAsync(withAuthenticator: false);

        // The attacker's own session, and its cookie planted in the victim's browser (which keeps its own cookies by hand).
        var planted = await new HttpSession(app.CreateBrowserLikeClient()).LogInAndCaptureAsync(attackerEmail, attackerPassword);
        using var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost"), HandleCookies = false });
        using var page = new HttpRequestMessage(HttpMethod.Get, "/login");
        page.Headers.Add("Cookie", $"onshi.auth={planted}");
        var form = await browser.SendAsync(page);
        var antiforgery = form.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("onshi.af=", StringComparison.Ordinal)).Split(';')[0];
        using var post = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = "victim@example.jp",
                ["Input.Password"] = ActivationScenario.NewPassword,
                ["__RequestVerificationToken"] = HttpSession.TokenIn(await form.Content.ReadAsStringAsync()),
            }),
        };
        post.Headers.Add("Cookie", $"onshi.auth={planted}; {antiforgery}");
        var login = await browser.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var issued = SessionCookies.From(login);
        Assert.NotNull(issued);
        Assert.NotEqual(planted, issued);

        // The planted cookie is still the attacker's session, never the victim's; the victim's new one is the victim's.
        var (_, attackerView) = await ContentOf(await app.ReplayAsync(planted, "/account"));
        Assert.DoesNotContain("victim@example.jp", attackerView);
        var (_, victimView) = await ContentOf(await app.ReplayAsync(issued!, "/account"));
        Assert.Contains("victim@example.jp", victimView);
    }

    private static async Task<(HttpResponseMessage, string)> ContentOf(HttpResponseMessage response) => (response, await response.Content.ReadAsStringAsync());
}
public sealed class SessionFixationTestsOnSqlite : SessionFixationTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class SessionFixationTestsOnPostgres : SessionFixationTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
