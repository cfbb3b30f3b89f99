using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// Flow 2 and a 経過措置届出 in English (the Japanese ones are <see cref="RegistrationJourney"/> and
/// <see cref="FilingJourney"/>): registration by e-mail, the pending account proven with the letter, the deferral
/// filed; then a Japanese operator accepts it and the clinic's mails (link, 受付, 確認, 受理) are all English, because
/// the account keeps the language its person used (e6-…).
/// </summary>
[Collection(DocumentBrowserCollection.Name)]
public sealed class EnglishRegistrationJourney(Browser browser)
{
    private const string Email = "english-clinic@example.jp";

    [Fact]
    public async Task An_institution_registers_by_e_mail_and_files_a_deferral_in_English()
    {
        await using var app = await EndToEndApp.StartAsync(new ManualClock(FilingScenario.March2023));
        var records = await app.ImportGeneratedAsync(30, seed: 67);
        var institution = records.First(r => r.ClosedOn is null);
        var letter = await app.ReissueAsync(institution.Code.Value);
        var page = await browser.NewPageAsync(app.LocalhostAddress());

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await page.Locator(".site-header").GetByRole(AriaRole.Link, new() { Name = "New to the portal (register an account)" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the registration e-mail" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("Enter an e-mail address.");
        await page.CheckPageAsync("e6-register-errors-en");
        await page.EnglishField("E-mail address").FillAsync(Email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the registration e-mail" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("We have sent a registration e-mail to " + Email);
        await page.AssertNoJapaneseAsync([]);
        await page.CheckPageAsync("e6-register-sent-en");

        var link = await app.WaitForMailAsync("Your registration link");
        await page.GotoAsync(EndToEndApp.LinkIn(link, "/register/form"));
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await page.EnglishField("Institution code").FillAsync(institution.Code.Value);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show the details for this code" }).ClickAsync();
        await Assertions.Expect(page.EnglishField("Founder")).ToHaveValueAsync(institution.Founder);
        await page.EnglishField("Contact person").FillAsync("Taro Yamamoto");
        await page.EnglishField("Password").FillAsync("short");
        await page.EnglishField("Password (again)").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to check your answers" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Input_Password-error")).ToContainTextAsync("12");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("してください");
        await page.CheckPageAsync("e6-register-form-errors-en");

        await page.EnglishField("Password").FillAsync("aki-no-yuuhi-ni-teru-yama");
        await page.EnglishField("Password (again)").FillAsync("aki-no-yuuhi-ni-teru-yama");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to check your answers" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your answers", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your account registration is received" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "What happens next (waiting for a check)" })).ToBeVisibleAsync();
        await page.AssertNoJapaneseAsync([institution.Name]);
        await page.CheckPageAsync("e6-register-done-en");
        var received = await app.WaitForMailAsync("Account registration received");
        Assert.DoesNotMatch("[\u3040-\u30ff]", (received.TextBody ?? string.Empty).Replace(institution.Name, string.Empty, StringComparison.Ordinal));

        // Pending: proven with the letter the institution also has.
        await page.GetByRole(AriaRole.Link, new() { Name = "Go to My page" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your account is waiting to be confirmed" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Confirm with the temporary ID and password" }).ClickAsync();
        await page.EnglishField("Temporary ID (temporary e-mail address)").FillAsync(letter.LoginId);
        await page.EnglishField("Temporary password").FillAsync(letter.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your account has been confirmed.");
        await page.CheckPageAsync("e6-mypage-proven-en");
        var proven = await app.WaitForMailAsync("Your account has been confirmed");
        Assert.Contains("can no longer be used", proven.TextBody ?? string.Empty);

        // A deferral, in English from the category to the receipt.
        await page.GetByRole(AriaRole.Link, new() { Name = "Deferral (transitional measure) filing" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await page.AssertNoJapaneseAsync([institution.Name]);
        await page.CheckPageAsync("e6-deferral-no-category-en");
        await page.GetByLabel(new Regex("System being set up")).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Deferral filing: System being set up" })).ToBeVisibleAsync();
        await page.Locator("#Values_contractDate").FillAsync("2023-02-10");
        await page.Locator("#Values_vendor").FillAsync("Online Eligibility Systems Ltd.");
        await page.Locator("#Values_completion").FillAsync("2023-09-15");
        await page.Locator("#Attachments").SetInputFilesAsync(new FilePayload { Name = "order.pdf", MimeType = "application/pdf", Buffer = FilingScenario.Pdf("order") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to check your answers" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your answers", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".summary-list")).ToContainTextAsync("Date the contract was signed");
        await Assertions.Expect(page.Locator(".summary-list")).ToContainTextAsync("Category of the filing (unavoidable circumstances)");
        await page.AssertNoJapaneseAsync([institution.Name]); // the category chosen and the labels too, not only the page's own text
        await page.CheckPageAsync("e6-deferral-check-en");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your filing has been received" })).ToBeVisibleAsync();
        var receipt = Regex.Match(await page.Locator(".receipt__number").InnerTextAsync(), @"D-\d{4}-\d{6}").Value;
        await page.CheckPageAsync("e6-deferral-receipt-en");
        var filed = await app.WaitForMailAsync($"received (receipt number {receipt})");
        Assert.Contains("- Category of the filing (unavoidable circumstances): System being set up", filed.TextBody ?? string.Empty);
        Assert.DoesNotMatch("[\u3040-\u30ff]", Regex.Replace((filed.TextBody ?? string.Empty).Replace(institution.Name, string.Empty, StringComparison.Ordinal), @"(令和\d+年\d+月\d+日（)?\d{4}年\d+月\d+日）?", string.Empty));

        // The operator works in Japanese; the clinic's 受理 mail is English all the same.
        var (operatorEmail, operatorPassword) = await app.AddOperatorAsync();
        var operatorPage = await browser.NewPageAsync(app.LocalhostAddress());
        await operatorPage.LogInAsync(app, operatorEmail, operatorPassword);
        await operatorPage.GotoAsync($"/operator/filings/deferral/{receipt}?handler=Accept");
        await operatorPage.GetByRole(AriaRole.Button, new() { Name = "受理を確定する" }).ClickAsync();
        await Assertions.Expect(operatorPage.GetByRole(AriaRole.Status)).ToContainTextAsync("受理しました");
        var accepted = await app.WaitForMailAsync($"Deferral filing accepted (receipt number {receipt})");
        Assert.Contains("The deferral ends on 令和5年9月15日（2023年9月15日）.", accepted.TextBody ?? string.Empty);
    }
}
