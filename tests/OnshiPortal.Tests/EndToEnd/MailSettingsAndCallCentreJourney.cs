using Microsoft.Playwright;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.People;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// A person's own mail settings (メールの受信設定), and the call centre's page with the institution's people: an
/// operator suspends a 担当者, whose open browser is sent to the login page with the reason (issue 17).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MailSettingsAndCallCentreJourney(Browser browser)
{
    private const string Clerk = "tanto@people.example";

    [Fact]
    public async Task A_person_chooses_their_mails_and_the_call_centre_suspends_them_from_the_institutions_page()
    {
        await using var app = await EndToEndApp.StartAsync();
        var records = await app.ImportGeneratedAsync(10, seed: 1717);
        var code = records.First(r => r.ClosedOn is null).Code.Value;
        await FilingJourney.ActivateAsync(app, await browser.NewPageAsync(app.LocalhostAddress()), code, "jimucho@people.example");
        await app.AddPersonAsync(code, Clerk, InstitutionRole.Clerk, "佐藤 花子");

        var clerk = await browser.NewPageAsync(app.LocalhostAddress());
        await clerk.LogInAsync(app, Clerk, ActivationScenario.NewPassword);
        await clerk.GotoAsync("/account");
        await clerk.GetByRole(AriaRole.Link, new() { Name = "メールの受信設定" }).ClickAsync();
        await Assertions.Expect(clerk.GetByRole(AriaRole.Heading, new() { Name = "メールの受信設定", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(clerk.GetByLabel("手続きの結果")).ToBeCheckedAsync();
        await Assertions.Expect(clerk.GetByLabel("お知らせ", new() { Exact = true })).Not.ToBeCheckedAsync();
        await Assertions.Expect(clerk.GetByLabel("障害・メンテナンスのお知らせ")).Not.ToBeCheckedAsync(); // off until turned on
        await Assertions.Expect(clerk.Locator("main")).ToContainTextAsync("パスワードの変更・再設定");
        await clerk.CheckPageAsync("p2-notifications");

        await clerk.GetByLabel("手続きの結果").UncheckAsync();
        await clerk.GetByLabel("お知らせ", new() { Exact = true }).CheckAsync();
        await clerk.GetByLabel("障害・メンテナンスのお知らせ").CheckAsync();
        await clerk.GetByRole(AriaRole.Button, new() { Name = "保存する" }).ClickAsync();
        await Assertions.Expect(clerk.GetByRole(AriaRole.Status)).ToContainTextAsync("メールの受信設定を保存しました");
        await Assertions.Expect(clerk.GetByLabel("手続きの結果")).Not.ToBeCheckedAsync();
        await Assertions.Expect(clerk.GetByLabel("お知らせ", new() { Exact = true })).ToBeCheckedAsync();
        await Assertions.Expect(clerk.GetByLabel("障害・メンテナンスのお知らせ")).ToBeCheckedAsync();
        await clerk.CheckPageAsync("p2-notifications-saved");
        Assert.Equal(MailTopics.Outcomes, (await app.PersonAsync(Clerk)).MutedMails);

        var (email, password) = await app.AddOperatorAsync(Roles.Operator);
        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await page.LogInAsync(app, email, password);
        await page.GotoAsync($"/operator/institutions/{code}");
        var people = page.GetByRole(AriaRole.Table, new() { Name = "この医療機関等の職員の一覧" });
        await Assertions.Expect(people).ToContainTextAsync("佐藤 花子");
        await Assertions.Expect(people).ToContainTextAsync("担当者");
        await Assertions.Expect(people).ToContainTextAsync("登録時のアカウント");
        await page.CheckPageAsync("p2-callcentre-people");

        await page.GetByRole(AriaRole.Link, new() { Name = "利用停止にする（佐藤 花子）" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "職員の利用停止", Level = 1 })).ToBeVisibleAsync();
        await page.CheckPageAsync("p2-callcentre-suspend");
        await page.Field("操作の理由").FillAsync("事務長から、退職したとの電話");
        await page.GetByRole(AriaRole.Button, new() { Name = "利用を停止する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("職員の利用停止を行いました");
        await Assertions.Expect(people).ToContainTextAsync("利用停止");
        await page.CheckPageAsync("p2-callcentre-suspended");

        // The clerk's open browser: the next click finds the session gone, and the login says why once the password is right.
        await clerk.ReloadAsync();
        await Assertions.Expect(clerk.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true })).ToBeVisibleAsync();
        await clerk.GetByLabel("メールアドレス（または仮ID）").FillAsync(Clerk);
        await clerk.GetByLabel("パスワード", new() { Exact = true }).FillAsync(ActivationScenario.NewPassword);
        await clerk.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();
        await Assertions.Expect(clerk.GetByRole(AriaRole.Alert)).ToContainTextAsync("このアカウントは利用が停止されています");
        await clerk.CheckPageAsync("p2-suspended-login");
    }
}
