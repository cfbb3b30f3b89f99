using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
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
