using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.CallCentre;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// Japanese by default; the header's switch keeps English in a cookie that later requests carry; the switch sends
/// a person back only to a page of this site; forms and their errors, and the mails a request sends, follow it.
/// </summary>
public sealed class LanguageTests : DataTest
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();

    [Fact]
    public async Task Japanese_is_the_default_and_the_chosen_English_persists_in_a_cookie()
    {
        await using var app = await StartAppAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());

        var (_, home) = await session.GetAsync("/");
        Assert.Contains("<html lang=\"ja\">", home);
        Assert.Contains("初めてご利用になる方", home);
        Assert.Contains(">English</button>", home);

        var (switched, _) = await session.PostAsync("/language", home, new Dictionary<string, string?> { ["language"] = "en", ["returnUrl"] = "/login?id=x" });
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/login?id=x", switched.Headers.Location?.OriginalString);
        var cookie = Assert.Single(switched.Headers.GetValues("Set-Cookie"), c => c.StartsWith("onshi.lang=", StringComparison.Ordinal));
        Assert.Contains("expires=", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        // A later request, as from a new tab: the cookie alone makes it English.
        var (_, login) = await session.GetAsync("/login");
        Assert.Contains("<html lang=\"en\">", login);
        Assert.Contains("<h1>Log in</h1>", login);
        Assert.Contains("E-mail address (or temporary ID)", login);
        Assert.DoesNotContain("パスワードをお忘れの方", login);
        Assert.Contains(">日本語</button>", login);
        var (_, register) = await session.GetAsync("/register");
        Assert.Contains("<h1>New to the portal (register an account)</h1>", register);
        var (_, forgot) = await session.GetAsync("/account/forgot");
        Assert.Contains("<h1>Forgotten your password?</h1>", forgot);

        var (back, _) = await session.PostAsync("/language", login, new Dictionary<string, string?> { ["language"] = "ja", ["returnUrl"] = "/" });
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var (_, japanese) = await session.GetAsync("/");
        Assert.Contains("<html lang=\"ja\">", japanese);

        // Another client without the cookie is unaffected.
        var (_, stranger) = await new HttpSession(app.CreateBrowserLikeClient()).GetAsync("/login");
        Assert.Contains("<html lang=\"ja\">", stranger);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("http:/evil.example")]
    public async Task The_switch_refuses_a_way_back_that_leaves_the_site(string returnUrl)
    {
        await using var app = await StartAppAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());
        var (_, home) = await session.GetAsync("/");

        var (response, _) = await session.PostAsync("/language", home, new Dictionary<string, string?> { ["language"] = "en", ["returnUrl"] = returnUrl });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("onshi.lang=", StringComparison.Ordinal)));
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task The_switch_needs_the_antiforgery_token_and_a_known_language()
    {
        await using var app = await StartAppAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());

        var forged = await session.Client.PostAsync("/language", new FormUrlEncodedContent(new Dictionary<string, string> { ["language"] = "en", ["returnUrl"] = "/" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var (_, home) = await session.GetAsync("/");
        var (unknown, _) = await session.PostAsync("/language", home, new Dictionary<string, string?> { ["language"] = "fr", ["returnUrl"] = "/" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task An_English_activation_gets_English_errors_and_an_English_mail()
    {
        await using var app = await StartAppAsync();
        var (_, credential) = await app.IssueAsync(seed: 39);
        var session = new HttpSession(app.CreateBrowserLikeClient());
        var (_, home) = await session.GetAsync("/");
        await session.PostAsync("/language", home, new Dictionary<string, string?> { ["language"] = "en", ["returnUrl"] = "/" });
        var edit = await session.TemporaryLogInAsync(credential.LoginId, credential.Password);
        Assert.Contains("<h1>Edit account details</h1>", edit);

        var entries = ActivationScenario.Entries("not-an-address");
        entries["Input.ContactPerson"] = string.Empty;
        var (_, errors) = await session.PostAsync("/activation?handler=Check", edit, entries);
        Assert.Contains("There is a problem with what you entered (2)", errors);
        Assert.Contains("The e-mail address is not in a valid format.", errors); // beside the field and in the summary
        Assert.Contains("Enter the contact person&#x27;s name.", errors);
        Assert.DoesNotContain("入力してください", errors);

        var (_, check) = await session.PostAsync("/activation?handler=Check", edit, ActivationScenario.Entries("english@example.jp"));
        Assert.Contains("<h1>Check your answers</h1>", check);
        var (confirmed, _) = await session.PostAsync("/activation?handler=Confirm", check, new Dictionary<string, string?> { ["Draft"] = HttpSession.HiddenValue(check, "Draft") });
        Assert.Equal("/activation/sent", confirmed.Headers.Location?.OriginalString);
        var mail = (await app.MailsToAsync("english@example.jp")).Single();
        Assert.StartsWith("[Portal for Medical Institutions] Confirm your e-mail address", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("/activation/complete", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_404_page_is_in_English_under_the_cookie_and_unchanged_in_Japanese()
    {
        await using var app = await StartAppAsync();
        var session = await EnglishSessionAsync(app);

        var (response, html) = await session.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("<h1>Page not found</h1>", html);
        Assert.Contains("If you contact us about this, please give this reference number.", html);
        Assert.DoesNotContain("ページが見つかりません", html);

        var (japaneseResponse, japanese) = await new HttpSession(app.CreateBrowserLikeClient()).GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, japaneseResponse.StatusCode);
        Assert.Contains("<h1>ページが見つかりません</h1>", japanese);
        Assert.Contains("お探しのページは移動または削除された可能性があります。アドレスをご確認ください。", japanese);
    }

    [Fact]
    public async Task A_password_reset_asked_in_English_sends_English_mails_and_the_call_centre_sends_Japanese()
    {
        await using var app = await StartAppAsync();
        var (email, _, code) = await app.AddInstitutionAccountAsync();
        var session = await EnglishSessionAsync(app);

        var (_, answer) = await session.SubmitAsync("/account/forgot", new Dictionary<string, string> { ["Input.Email"] = email });
        Assert.Contains("<html lang=\"en\">", answer);
        var mail = Assert.Single(await app.MailsToAsync(email));
        Assert.Equal("[Portal for Medical Institutions] Resetting your password", mail.Subject);
        Assert.Contains("Open the following link within 24 hours and set a new password.", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("/account/reset?user=", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("パスワード再設定", mail.TextBody, StringComparison.Ordinal);

        await session.SubmitAsync("/account/forgot", new Dictionary<string, string> { ["Input.Email"] = "nobody-en@example.jp" });
        var none = Assert.Single(await app.MailsToAsync("nobody-en@example.jp"));
        Assert.Contains("no account is registered with this e-mail address", none.TextBody, StringComparison.Ordinal);

        // The call centre's reset is an operator's action: in the language the person last used while logged in, which
        // an anonymous request cannot change (else a stranger could switch anybody's mails): Japanese here, even when
        // the operator's page is in English.
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var refused = await scope.ServiceProvider.GetRequiredService<CallCentreDesk>().SendPasswordResetAsync(code, "operator@example.jp", "電話で依頼");
            Assert.Null(refused);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }

        var fromCallCentre = (await app.MailsToAsync(email)).Last();
        Assert.Equal("【医療機関等向けポータルサイト】パスワード再設定のご案内", fromCallCentre.Subject);
    }

    [Fact]
    public async Task Mails_from_an_operator_go_out_in_the_language_the_person_last_used_not_the_operators()
    {
        await using var app = await StartAppAsync();
        const string email = "english-filer@example.jp";
        var (records, institution) = await app.ActivatedInstitutionAsync(email);
        Assert.Equal("ja", await LanguageOfAsync(app, email));
        var timed = app.WithClock(new ManualClock(FilingScenario.March2023));
        var session = timed.Session();
        await session.LogInAsync(email, ActivationScenario.NewPassword, "/mypage");

        var receipt = await session.FileSuccessionAsync(FilingScenario.NewCodeFor(institution, records).Value);

        // Switching while logged in is remembered on the account.
        var (_, myPage) = await session.GetAsync("/mypage");
        await session.PostAsync("/language", myPage, new Dictionary<string, string?> { ["language"] = "en", ["returnUrl"] = "/mypage" });
        Assert.Equal("en", await LanguageOfAsync(app, email));

        // A Japanese operator returns it: the clinic reads why in English (the reason as the operator wrote it).
        var (operatorEmail, operatorPassword) = await app.AddOperatorAsync();
        var operatorSession = timed.Session();
        await operatorSession.LogInAsync(operatorEmail, operatorPassword, "/operator");
        var (_, detail) = await operatorSession.GetAsync($"/operator/filings/succession/{receipt}");
        Assert.Contains("差戻し", detail);
        await operatorSession.PostAsync($"/operator/filings/succession/{receipt}?handler=Return", detail, new Dictionary<string, string?> { ["Reason"] = "新しい名称をご確認ください。" });
        var returned = (await app.MailsToAsync(email)).Last();
        Assert.Equal($"[Portal for Medical Institutions] Succession filing returned (receipt number {receipt})", returned.Subject);
        Assert.Contains("We have returned the following filing.", returned.TextBody, StringComparison.Ordinal);
        Assert.Contains("新しい名称をご確認ください。", returned.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("差し戻しました", returned.HtmlBody, StringComparison.Ordinal);

        // Back to Japanese while logged in; then a new login from an English browser makes it English again.
        (_, myPage) = await session.GetAsync("/mypage");
        await session.PostAsync("/language", myPage, new Dictionary<string, string?> { ["language"] = "ja", ["returnUrl"] = "/mypage" });
        Assert.Equal("ja", await LanguageOfAsync(app, email));
        var english = await EnglishSessionAsync(app);
        await english.LogInAsync(email, ActivationScenario.NewPassword, "/mypage");
        Assert.Equal("en", await LanguageOfAsync(app, email));

        // The call centre (whose page is Japanese) sends the reset link in English now.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<CallCentreDesk>().SendPasswordResetAsync(institution.Code.Value, operatorEmail, "電話で依頼"));
        }

        var reset = (await app.MailsToAsync(email)).Last();
        Assert.Equal("[Portal for Medical Institutions] Resetting your password", reset.Subject);
    }

    [Fact]
    public async Task The_english_mails_of_a_decision_say_its_outcome_in_english()
    {
        var filing = new Filing
        {
            Type = FilingType.Deferral,
            ReceiptNumber = "D-20230301-0001",
            InstitutionName = "さくら内科",
            InstitutionCode = "1310000001",
            DeferralEndsOn = new DateOnly(2023, 9, 15),
            FiledByUserId = "u1",
        };
        var options = new MailOptions { BaseUrl = "https://portal.example.jp" };
        using (Languages.Use("en"))
        {
            var accepted = FilingMails.Changed("a@example.jp", filing, FilingState.Accepted, string.Empty, options);
            Assert.Equal("[Portal for Medical Institutions] Deferral filing accepted (receipt number D-20230301-0001)", accepted.Subject);
            Assert.Contains("The deferral ends on 令和5年9月15日（2023年9月15日）. Please introduce online eligibility verification by then.", accepted.TextBody, StringComparison.Ordinal);
            var refused = RegistrationMails.Refused("a@example.jp", "さくら内科", "1310000001", PendingRegistrations.LetterUsedReason, options);
            Assert.Contains("Reason: An account was registered with the temporary ID and password mailed to this institution.", refused.TextBody, StringComparison.Ordinal);
            Assert.Contains("You can no longer log in with this e-mail address and password.", refused.TextBody, StringComparison.Ordinal);
            var pending = RegistrationMails.Completed("a@example.jp", "さくら内科", "1310000001", inMaster: false, options);
            Assert.DoesNotMatch("[\u3040-\u30ff]", pending.TextBody.Replace("さくら内科", string.Empty, StringComparison.Ordinal));
        }

        using (Languages.Use("ja"))
        {
            var accepted = FilingMails.Changed("a@example.jp", filing, FilingState.Accepted, string.Empty, options);
            Assert.Contains("経過措置の期限は令和5年9月15日（2023年9月15日）です。", accepted.TextBody, StringComparison.Ordinal);
        }
    }

    private static async Task<string> LanguageOfAsync(PortalAppFactory app, string email)
    {
        await using var db = app.Database.CreateContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Language).SingleAsync();
    }

    /// <summary>
    /// Errors built with values (a field's label, a date limit, a length, a file's name, an open filing's type, the
    /// seconds to wait) are in English on an English page: the Japanese format is looked up before the values go in.
    /// </summary>
    [Fact]
    public async Task Errors_built_with_a_label_a_file_name_or_a_number_are_in_English()
    {
        await using var app = await StartAppAsync();
        var (records, institution) = await app.ActivatedInstitutionAsync("english-deferral@example.jp");
        var session = app.At(new ManualClock(FilingScenario.March2023)).Session();
        await session.LogInAsync("english-deferral@example.jp", ActivationScenario.NewPassword, "/mypage");

        // Two tabs check the same succession; the first files it (in Japanese), the second confirms after the switch.
        var newCode = FilingScenario.NewCodeFor(institution, records).Value;
        var firstTab = await session.CheckSuccessionAsync(FilingScenario.SuccessionEntries(newCode));
        var secondTab = await session.CheckSuccessionAsync(FilingScenario.SuccessionEntries(newCode));
        FilingScenario.ReceiptOf((await session.ConfirmAsync("/mypage/succession", firstTab)).Response);

        var (_, mypage) = await session.GetAsync("/mypage");
        await session.PostAsync("/language", mypage, new Dictionary<string, string?> { ["language"] = "en", ["returnUrl"] = "/mypage" });
        var (_, form) = await session.GetAsync("/mypage/deferral?category=system");

        async Task<string> CheckAsync(string category, Dictionary<string, string?> entries, params (string, byte[])[] files)
        {
            var (_, html) = await session.PostFilesAsync($"/mypage/deferral?handler=Check&category={category}", form, entries, files);
            Assert.Contains("There is a problem with what you entered", html);
            return WebUtility.HtmlDecode(html);
        }

        var empty = await CheckAsync("system", new Dictionary<string, string?> { ["Category"] = "system" });
        Assert.Contains("Date the contract was signed: please fill this in.", empty);
        Assert.Contains("Copy of the contract or purchase order: please attach it (PDF, JPEG or PNG).", empty);
        Assert.DoesNotContain("してください", empty);

        var system = new Dictionary<string, string?> { ["Category"] = "system", ["Values[contractDate]"] = "2023-03-01", ["Values[vendor]"] = "Online Systems Ltd.", ["Values[completion]"] = "2023-09-15" };
        var late = await CheckAsync("system", system, ("scan.png", System.Text.Encoding.UTF8.GetBytes("not an image")));
        Assert.Contains("Date the contract was signed: enter a date on or before 令和5年2月28日（2023年2月28日）.", late);
        system["Values[contractDate]"] = "2023-02-10";
        var notImage = await CheckAsync("system", system, ("scan.png", System.Text.Encoding.UTF8.GetBytes("not an image")));
        Assert.Contains("\"scan.png\" is not a PDF, JPEG or PNG file.", notImage);

        var other = await CheckAsync("other", new Dictionary<string, string?> { ["Category"] = "other", ["Values[circumstances]"] = "Line work is late", ["Values[resolved]"] = "2023-12-31" });
        Assert.Contains("The particularly difficult circumstances: give details in at least 20 characters (now 17).", other);

        // The second tab's succession meets the open one, and names its type in English.
        var (_, second) = await session.ConfirmAsync("/mypage/succession", secondTab);
        Assert.Contains("There is already a Succession filing that is received or returned. Please see it on My page.", WebUtility.HtmlDecode(second));

        // The login throttle's wait, in seconds.
        var stranger = await EnglishSessionAsync(app);
        var wrong = new Dictionary<string, string> { ["Input.Email"] = "english-deferral@example.jp", ["Input.Password"] = "wrong-password-123" };
        for (var i = 0; i < 6; i++)
        {
            await stranger.SubmitAsync("/login", wrong);
        }

        var (_, slowed) = await stranger.SubmitAsync("/login", wrong);
        Assert.Matches(@"Too many login attempts in a row\. Please wait a moment \(about \d+ seconds\)\.", slowed);
        Assert.DoesNotContain("しばらくお待ちください", slowed);
    }

    private static async Task<HttpSession> EnglishSessionAsync(PortalAppFactory app)
    {
        var session = new HttpSession(app.CreateBrowserLikeClient());
        var (_, home) = await session.GetAsync("/");
        await session.PostAsync("/language", home, new Dictionary<string, string?> { ["language"] = "en", ["returnUrl"] = "/" });
        return session;
    }
}
