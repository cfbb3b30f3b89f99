using System.Net;

namespace OnshiPortal.Tests.Support;

/// <summary>Steps of flow 2 (self-registration by e-mail) over HTTP, shared by the registration and dashboard tests.</summary>
public static class RegistrationScenario
{
    /// <summary>What /register answers for every address, with an account or not.</summary>
    public const string Answer = "仮登録メールを送信しました";

    /// <summary>Asks for the one-time URL and opens the form it leads to.</summary>
    public static async Task<string> OpenFormAsync(PortalAppFactory app, HttpSession session, string email)
    {
        var (_, sent) = await session.SubmitAsync("/register", new Dictionary<string, string> { ["Input.Email"] = email });
        Assert.Contains(Answer, sent);
        var link = Mails.PathIn(Assert.Single(await app.MailsToAsync(email)), "/register/form");
        var (page, form) = await session.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(email, form);
        return form;
    }

    /// <summary>The whole flow for a code: form → check page → confirm; the account is made and logged in.</summary>
    public static async Task RegisterAsync(PortalAppFactory app, string code, string name, string founder, string email, string password)
    {
        var session = new HttpSession(app.CreateBrowserLikeClient());
        var form = await OpenFormAsync(app, session, email);
        var (_, check) = await session.PostAsync("/register/form?handler=Check", form, Entries(code, password, name, founder, TokenOf(form)));
        Assert.Contains("入力内容の確認", check);
        var (confirm, _) = await session.PostAsync("/register/form?handler=Confirm", check, new Dictionary<string, string?> { ["Token"] = TokenOf(form), ["Draft"] = HttpSession.HiddenValue(check, "Draft") });
        Assert.Equal("/register/done", confirm.Headers.Location?.OriginalString);
    }

    public static string TokenOf(string form) => HttpSession.HiddenValue(form, "Token");

    public static Dictionary<string, string?> Entries(string code, string password, string name = "", string founder = "", string? token = null) => new()
    {
        ["Token"] = token,
        ["Input.Code"] = code,
        ["Input.Name"] = name,
        ["Input.Founder"] = founder,
        ["Input.PostalCode"] = "１００－０００１",
        ["Input.Address"] = "東京都千代田区千代田1-1",
        ["Input.Phone"] = "03-1234-5678",
        ["Input.ContactPerson"] = "事務 佐藤",
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = password,
    };
}
