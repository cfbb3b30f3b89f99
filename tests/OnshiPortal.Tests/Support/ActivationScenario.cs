using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Tests.Support;

/// <summary>Steps of flow 1 (activation) over HTTP, shared by the activation tests.</summary>
public static class ActivationScenario
{
    public const string NewPassword = "yama-no-ue-no-hatake-2023";

    public static async Task<(InstitutionRecord Institution, IssuedCredential Credential)> IssueAsync(this PortalAppFactory app, int seed = 31)
    {
        var records = await app.ImportGeneratedAsync(20, seed);
        var institution = records.First(r => r.ClosedOn is null);
        return (institution, await app.ReissueAsync(institution.Code.Value));
    }

    public static async Task<IssuedCredential> ReissueAsync(this PortalAppFactory app, string code)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var issued = await scope.ServiceProvider.GetRequiredService<TemporaryCredentials>().IssueAsync(code, "test", CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<PortalDbContext>().SaveChangesAsync();
        return issued;
    }

    /// <summary>Logs in with the temporary credential and returns the アカウント情報編集 page.</summary>
    public static async Task<string> TemporaryLogInAsync(this HttpSession session, string loginId, string password)
    {
        var (response, html) = await session.SubmitAsync("/login", new Dictionary<string, string> { ["Input.Email"] = loginId, ["Input.Password"] = password });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"temporary login refused: {response.StatusCode}\n{html}");
        Assert.Equal("/activation/start", response.Headers.Location?.OriginalString);
        // ?edit=true: the form even when an earlier request of this credential is waiting for its link.
        var (page, edit) = await session.GetAsync("/activation?edit=true");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return edit;
    }

    public static Dictionary<string, string?> Entries(string email, string password = NewPassword, string? draft = null) => new()
    {
        ["Input.Email"] = email,
        ["Input.ConfirmEmail"] = email,
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = password,
        ["Input.Phone"] = "０３－１２３４－５６７８",
        ["Input.ContactPerson"] = "事務長 田中",
        ["Draft"] = draft,
    };

    /// <summary>Input page → check page → confirm; returns the page after the redirect.</summary>
    public static async Task RequestActivationAsync(this HttpSession session, string editHtml, string email)
    {
        var (check, checkHtml) = await session.PostAsync("/activation?handler=Check", editHtml, Entries(email));
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.Contains("入力内容の確認", checkHtml);
        var (confirm, _) = await session.PostAsync("/activation?handler=Confirm", checkHtml, new Dictionary<string, string?> { ["Draft"] = HttpSession.HiddenValue(checkHtml, "Draft") });
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        Assert.Equal("/activation/sent", confirm.Headers.Location?.OriginalString);
    }

    /// <summary>Opens the link (changes nothing) and presses the button.</summary>
    public static async Task<string> FollowLinkAsync(this HttpSession session, string pathAndQuery)
    {
        var (page, html) = await session.GetAsync(pathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        if (!html.Contains("アカウント登録を完了する", StringComparison.Ordinal))
        {
            return html;
        }

        var (_, done) = await session.PostAsync("/activation/complete", html, new Dictionary<string, string?> { ["Token"] = HttpSession.HiddenValue(html, "Token") });
        return done;
    }

    /// <summary>
    /// Flow 1 end to end for one institution of the master: a credential issued, the temporary login, the entries,
    /// the mailed link followed. The account's login is <paramref name="email"/> with <see cref="NewPassword"/>.
    /// </summary>
    public static async Task ActivateAccountAsync(this PortalAppFactory app, string code, string email)
    {
        var credential = await app.ReissueAsync(code);
        var session = new HttpSession(app.CreateBrowserLikeClient());
        var edit = await session.TemporaryLogInAsync(credential.LoginId, credential.Password);
        await session.RequestActivationAsync(edit, email);
        var link = (await app.MailsToAsync(email)).Last(m => m.TextBody.Contains("/activation/complete", StringComparison.Ordinal));
        var done = await new HttpSession(app.CreateBrowserLikeClient()).FollowLinkAsync(Mails.PathIn(link, "/activation/complete"));
        Assert.Contains("アカウント登録が完了しました", done);
    }
}
