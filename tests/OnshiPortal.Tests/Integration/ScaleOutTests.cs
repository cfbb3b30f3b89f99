using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using OnshiPortal.Infrastructure.Web;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// Two web nodes on one database, one browser whose requests the load balancer spreads over both: every cookie,
/// antiforgery token and sealed draft one node makes, the other accepts (data-protection keys are in the database).
/// </summary>
public abstract class ScaleOutTests : DataTest
{
    [Fact]
    public async Task An_activation_started_on_one_node_finishes_on_the_other_and_the_login_works_on_both()
    {
        await using var nodeA = await StartAppAsync();
        await using var nodeB = new PortalAppFactory(nodeA.Database) { CredentialKeyFile = nodeA.CredentialKeyFile };
        var (_, credential) = await nodeA.IssueAsync();
        var cookies = new CookieContainer();
        var onA = new HttpSession(Client(nodeA, cookies));
        var onB = new HttpSession(Client(nodeB, cookies));

        // Temporary login and the form on A; the check page on B (A's antiforgery token and temporary cookie);
        // the confirmation on A (B's sealed draft).
        var edit = await onA.TemporaryLogInAsync(credential.LoginId, credential.Password);
        var email = "scale-out@clinic.example";
        var (check, checkHtml) = await onB.PostAsync("/activation?handler=Check", edit, ActivationScenario.Entries(email));
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.Contains("入力内容の確認", checkHtml);
        var (confirm, _) = await onA.PostAsync("/activation?handler=Confirm", checkHtml, new Dictionary<string, string?> { ["Draft"] = HttpSession.HiddenValue(checkHtml, "Draft") });
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);

        // The mailed link, followed on B.
        var link = (await nodeA.MailsToAsync(email)).Single(m => m.TextBody.Contains("/activation/complete", StringComparison.Ordinal));
        var done = await onB.FollowLinkAsync(Mails.PathIn(link, "/activation/complete"));
        Assert.Contains("アカウント登録が完了しました", done);

        // The account's session cookie, made by B's login, opens the settings page on A.
        var (login, loginHtml) = await onB.SubmitAsync("/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = ActivationScenario.NewPassword });
        Assert.True(login.StatusCode == HttpStatusCode.Redirect, loginHtml);
        var (settings, _) = await onA.GetAsync("/account");
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
    }

    [Fact]
    public async Task Forwarded_headers_are_believed_only_from_the_configured_proxy()
    {
        await using var app = await StartAppAsync();
        await using var behindProxy = app.WithWebHostBuilder(b => b.UseSetting(ForwardedHeadersSetup.KnownProxiesKey, "10.0.0.10"));

        // HSTS is sent on HTTPS only, so it shows whether X-Forwarded-Proto: https was believed.
        Assert.True(await HstsAsync(behindProxy, "10.0.0.10"));
        Assert.False(await HstsAsync(behindProxy, "10.0.0.99"));
        Assert.False(await HstsAsync(app, "127.0.0.1")); // no proxy configured: not even loopback
    }

    private static async Task<bool> HstsAsync(WebApplicationFactory<Program> node, string from)
    {
        var context = await node.Server.SendAsync(c =>
        {
            c.Connection.RemoteIpAddress = IPAddress.Parse(from);
            c.Request.Method = "GET";
            c.Request.Path = "/healthz";
            c.Request.Host = new HostString("portal.example.jp");
            c.Request.Headers["X-Forwarded-Proto"] = "https";
            c.Request.Headers["X-Forwarded-For"] = "203.0.113.7";
        });
        Assert.Equal(200, context.Response.StatusCode);
        return context.Response.Headers.ContainsKey("Strict-Transport-Security");
    }

    /// <summary>A client of one node that shares the browser's cookie jar with the other node's client.</summary>
    private static HttpClient Client(PortalAppFactory node, CookieContainer cookies) =>
        node.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(cookies));
}

public sealed class ScaleOutTestsOnSqlite : ScaleOutTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class ScaleOutTestsOnPostgres : ScaleOutTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
