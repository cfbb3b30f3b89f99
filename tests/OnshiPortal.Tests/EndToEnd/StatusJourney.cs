using Microsoft.Playwright;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// Issue 20's status page in a browser: an operator reports an outage, every page carries the banner, /status shows
/// the report, the operator closes it and the banner goes; axe on each page (screenshots st1–st5).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StatusJourney(Browser browser)
{
    [Fact]
    public async Task An_operator_reports_an_outage_everyone_sees_the_banner_and_the_close_takes_it_away()
    {
        await using var app = await EndToEndApp.StartAsync();
        var (email, password) = await app.AddOperatorAsync();
        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await page.LogInAsync(app, email, password);
        await page.GotoAsync("/operator");
        await page.GetByRole(AriaRole.Link, new() { Name = "障害・メンテナンス情報の管理" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "障害・メンテナンス情報の管理", Level = 1 })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "掲載する" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Title-error")).ToHaveTextAsync("件名を入力してください。");
        await page.CheckPageAsync("st1-status-admin-errors");

        await page.Locator("#Title").FillAsync("ログインしにくい状態が続いています");
        await page.Locator("#Body").FillAsync("10時頃から、**ログインに時間がかかる**状態です。\n\n- 届出の期限は延長します。");
        await page.GetByRole(AriaRole.Button, new() { Name = "掲載する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("掲載しました。");
        await page.CheckPageAsync("st2-status-incident-opened");

        // Anyone, logged in or not, sees the banner on the top page and reads the report on /status.
        var visitor = await browser.NewPageAsync(app.LocalhostAddress());
        await visitor.GotoAsync("/");
        var banner = visitor.GetByRole(AriaRole.Region, new() { Name = "障害・メンテナンス情報" });
        await Assertions.Expect(banner).ToContainTextAsync("ログインしにくい状態が続いています");
        await visitor.CheckPageAsync("st3-top-with-banner");
        await banner.GetByRole(AriaRole.Link, new() { Name = "詳しくは障害・メンテナンス情報へ" }).ClickAsync();
        await Assertions.Expect(visitor.GetByRole(AriaRole.Heading, new() { Name = "障害・メンテナンス情報", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(visitor.Locator(".incident strong")).ToHaveTextAsync("ログインに時間がかかる");
        await visitor.AssertHeadingsInOrderAsync();
        await visitor.CheckPageAsync("st4-status-page-open");

        // The close: the banner is gone (the operator's node forgets at once), the incident is in the past list.
        await page.Locator("#Resolution").FillAsync("11時30分に復旧しました。");
        await page.GetByRole(AriaRole.Button, new() { Name = "復旧にする" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("復旧にしました。");
        await visitor.GotoAsync("/");
        await Assertions.Expect(visitor.GetByRole(AriaRole.Region, new() { Name = "障害・メンテナンス情報" })).ToHaveCountAsync(0);
        await visitor.GotoAsync("/status");
        await Assertions.Expect(visitor.Locator("main")).ToContainTextAsync("現在、障害やメンテナンスはありません。");
        await Assertions.Expect(visitor.Locator(".incident--resolved")).ToContainTextAsync("11時30分に復旧しました。");
        await visitor.CheckPageAsync("st5-status-page-resolved");
    }
}
