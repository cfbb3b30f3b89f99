using Microsoft.Playwright;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// An institution's account in English: 2段階認証の設定, お知らせ一覧 and ログアウト, each page checked by axe (e2-…).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EnglishAccountJourney(Browser browser)
{
    [Fact]
    public async Task An_institution_sees_its_second_factor_the_news_and_the_logout_in_English()
    {
        await using var app = await EndToEndApp.StartAsync();
        var (email, password, _) = await app.AddInstitutionAccountAsync();
        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await page.LogInAsync(app, email, password);
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await page.GotoAsync("/account/two-factor");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Two-step verification", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Set up an authenticator app" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Passkey name")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("認証アプリ");
        await page.CheckPageAsync("e2-two-factor-en");

        await page.GotoAsync("/news");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "All news", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Filter" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main [role=status]").First).ToContainTextAsync("items (page");
        await page.CheckPageAsync("e2-news-en");

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You have logged out", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Back to the top page" })).ToBeVisibleAsync();
        await page.CheckPageAsync("e2-logged-out-en");
    }
}
