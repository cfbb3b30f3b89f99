using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// Flow 3 in English: after switching with the header's button, マイページ, the succession form with its errors, the
/// check page, the receipt, the filing's page and the 受付のお知らせ mail are all in English, each page checked by axe
/// (e1-…). The Japanese journey is <see cref="FilingJourney"/>.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EnglishFilingJourney(Browser browser)
{
    [Fact]
    public async Task An_institution_files_a_succession_in_English()
    {
        await using var app = await EndToEndApp.StartAsync(new ManualClock(FilingScenario.March2023));
        var records = await app.ImportGeneratedAsync(30, seed: 73);
        var institution = records.First(r => r.ClosedOn is null);
        var newCode = FilingScenario.NewCodeFor(institution, records).Value;
        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await FilingJourney.ActivateAsync(app, page, institution.Code.Value, "english-filing@example.jp");

        await page.GotoAsync("/mypage");
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My page", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your filings" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("You have not made any filings yet.");
        await page.AssertNoJapaneseAsync([institution.Name]);
        await page.CheckPageAsync("e1-mypage-en");

        await page.GetByRole(AriaRole.Link, new() { Name = "Succession filing for insured medical institutions (online eligibility verification)" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "The new institution (successor)" })).ToBeVisibleAsync();
        await page.AssertNoJapaneseAsync([institution.Name]);
        await page.CheckPageAsync("e1-succession-form-en");

        await page.EnglishField("New institution code").FillAsync(newCode);
        await page.EnglishField("Date the new code takes effect").FillAsync("2023-04-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to check your answers" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("There is a problem with what you entered");
        await Assertions.Expect(page.Locator("#Input_Reason-error")).ToHaveTextAsync("Choose the reason for the succession.");
        await Assertions.Expect(page.Locator("#Input_NewName-error")).ToHaveTextAsync("Enter the name of the new institution.");
        await Assertions.Expect(page.Locator("#Input_ContactPhone-error")).ToHaveTextAsync("Enter the contact person's phone number.");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("してください");
        await page.AssertErrorSummaryInFieldOrderAsync();
        await page.CheckPageAsync("e1-succession-errors-en");

        await page.GetByLabel("A private clinic becomes a medical corporation").CheckAsync();
        await page.EnglishField("Name of the new institution").FillAsync("Sakura Internal Medicine Clinic");
        await page.EnglishField("New founder").FillAsync("Medical Corporation Sakurakai");
        await page.EnglishField("Postal code of the new address").FillAsync("100-0001");
        await page.EnglishField("New address").FillAsync("1-1 Chiyoda, Chiyoda-ku, Tokyo");
        await page.EnglishField("Contact person").FillAsync("Hanako Sato");
        await page.EnglishField("Contact person's phone number").FillAsync("03-1234-5678");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to check your answers" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your answers", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".summary-list")).ToContainTextAsync("Reason for the succession");
        await page.CheckPageAsync("e1-succession-check-en");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your filing has been received" })).ToBeVisibleAsync();
        var number = await page.Locator(".receipt__number").InnerTextAsync();
        var receipt = Regex.Match(number, @"S-\d{4}-\d{6}").Value;
        Assert.StartsWith("Receipt number", number, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "History" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync("Received");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Withdraw this filing" })).ToBeVisibleAsync();
        await page.CheckPageAsync("e1-succession-receipt-en");

        var mail = await app.WaitForMailAsync("received (receipt number " + receipt + ")");
        Assert.Contains("We have received the following filing", mail.TextBody ?? string.Empty);

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to My page" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = receipt }).First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync("Succession filing");
        await page.CheckPageAsync("e1-mypage-filed-en");
    }
}
