using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// Flow 1 in English: the letter's login page switched to English with the header's button, then アカウント情報編集,
/// its errors, the check page, the mail and the link, all in English, each page checked by axe (27-32). The other
/// journeys run in Japanese, the default.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EnglishActivationJourney(Browser browser)
{
    [Fact]
    public async Task An_institution_activates_its_login_in_English()
    {
        await using var app = await EndToEndApp.StartAsync();
        var records = await app.ImportGeneratedAsync(20, seed: 43);
        var institution = records.First(r => r.ClosedOn is null);
        var credential = await app.ReissueAsync(institution.Code.Value);

        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await page.GotoAsync("/login?id=" + Uri.EscapeDataString(credential.LoginId));
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();

        // Back on the same page, with its query, in English.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Log in", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.GetByLabel("E-mail address (or temporary ID)")).ToHaveValueAsync(credential.LoginId);
        await page.CheckPageAsync("27-login-en");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(credential.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();

        // The temporary ID's own My page, with the button the letter names (別添1 ④).
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My page", Level = 1 })).ToBeVisibleAsync();
        await page.CheckPageAsync("27b-activation-start-en");
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit account details" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit account details" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".summary-list").First).ToContainTextAsync("Institution code");
        await page.CheckPageAsync("28-activation-edit-en");

        await page.EnglishField("E-mail address").FillAsync("not-an-address");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to check your answers" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("There is a problem with what you entered");
        await Assertions.Expect(page.Locator("#Input_Email-error")).ToHaveTextAsync("The e-mail address is not in a valid format.");
        await Assertions.Expect(page.Locator("#Input_ContactPerson-error")).ToHaveTextAsync("Enter the contact person's name.");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("入力してください");
        await page.AssertErrorSummaryInFieldOrderAsync(atLeast: 4);
        await page.CheckPageAsync("29-activation-errors-en");

        await page.EnglishField("E-mail address").FillAsync("english@example.jp");
        await page.EnglishField("E-mail address (again)").FillAsync("english@example.jp");
        await page.EnglishField("Password").FillAsync("natsu-no-yoru-no-hoshizora");
        await page.EnglishField("Password (again)").FillAsync("natsu-no-yoru-no-hoshizora");
        await page.EnglishField("Contact person").FillAsync("Tanaka, office manager");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to check your answers" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your answers", Level = 1 })).ToBeVisibleAsync();
        await page.AssertStepsInOneRowAsync();
        await page.CheckPageAsync("30-activation-check-en");
        await page.GetByRole(AriaRole.Button, new() { Name = "Agree and confirm" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "We have sent you a confirmation e-mail" })).ToBeVisibleAsync();
        await page.CheckPageAsync("31-activation-sent-en");

        var mail = await app.WaitForMailAsync("Confirm your e-mail address");
        Assert.Contains("To complete the registration", mail.TextBody ?? string.Empty);
        await page.GotoAsync(EndToEndApp.LinkIn(mail, "/activation/complete"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Completing account registration", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Complete account registration" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your account is registered" })).ToBeVisibleAsync();
        await page.CheckPageAsync("32-activation-completed-en");
        var completed = await app.WaitForMailAsync("Account registration complete");
        Assert.Contains(institution.Name, completed.TextBody ?? string.Empty);

        // Back to Japanese with the same switch, on the same page.
        await page.GotoAsync("/login");
        await page.GetByRole(AriaRole.Button, new() { Name = "日本語" }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "ログイン", Level = 1 })).ToBeVisibleAsync();
    }
}
