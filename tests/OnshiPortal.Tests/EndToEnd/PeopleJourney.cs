using Microsoft.Playwright;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// Issue 17 in a real browser: the 管理者 invites a 担当者, who sets a password from the mailed link and files a
/// deferral in their own name; the 管理者 removes them and their open session dies.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PeopleJourney(Browser browser)
{
    private const string ClerkPassword = "aki-no-yugure-kuri-no-hana";

    [Fact]
    public async Task An_administrator_invites_a_clerk_who_files_and_is_then_removed_with_their_session()
    {
        await using var app = await EndToEndApp.StartAsync(new ManualClock(FilingScenario.March2023));
        var records = await app.ImportGeneratedAsync(20, seed: 171);
        var institution = records.First(r => r.ClosedOn is null);
        var admin = await browser.NewPageAsync(app.LocalhostAddress());
        await FilingJourney.ActivateAsync(app, admin, institution.Code.Value, "jimucho@example.jp");

        await admin.GetByRole(AriaRole.Link, new() { Name = "マイページ" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".summary-list")).ToContainTextAsync("管理者");
        await admin.GetByRole(AriaRole.Link, new() { Name = "職員の管理" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "職員の管理" })).ToBeVisibleAsync();
        await admin.CheckPageAsync("p1-people");

        await admin.GetByRole(AriaRole.Button, new() { Name = "招待のメールを送信する" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".error-summary")).ToContainTextAsync("氏名を入力してください");
        await Assertions.Expect(admin.Locator(".error-summary")).ToContainTextAsync("権限を選んでください");
        await admin.CheckPageAsync("p1-people-invite-errors");
        await admin.Field("氏名").FillAsync("受付 花子");
        await admin.Field("メールアドレス").FillAsync("uketsuke@example.jp");
        await admin.GetByLabel("担当者").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "招待のメールを送信する" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("uketsuke@example.jp あてに招待のメールを送信しました");
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "招待中の方" })).ToBeVisibleAsync();
        await admin.CheckPageAsync("p1-people-invited");

        var invitation = await app.WaitForMailAsync("へのご招待", to: "uketsuke@example.jp");
        var clerk = await browser.NewPageAsync(app.LocalhostAddress());
        await clerk.GotoAsync(EndToEndApp.LinkIn(invitation, "/invitation"));
        await Assertions.Expect(clerk.GetByRole(AriaRole.Heading, new() { Name = "招待の受諾" })).ToBeVisibleAsync();
        await Assertions.Expect(clerk.Locator(".summary-list")).ToContainTextAsync("担当者");
        await clerk.CheckPageAsync("p1-invitation");
        await clerk.Field("パスワード").FillAsync(ClerkPassword);
        await clerk.Field("パスワード（確認）").FillAsync(ClerkPassword);
        await clerk.GetByRole(AriaRole.Button, new() { Name = "パスワードを設定して登録する" }).ClickAsync();
        await Assertions.Expect(clerk.GetByRole(AriaRole.Status)).ToContainTextAsync("登録が完了しました");
        await clerk.CheckPageAsync("p1-invitation-accepted");
        await clerk.LogInAsync(app, "uketsuke@example.jp", ClerkPassword);

        // The 担当者 files in their own name: the deferral's history says who.
        await clerk.GotoAsync("/mypage");
        await Assertions.Expect(clerk.Locator(".summary-list")).ToContainTextAsync("担当者");
        await Assertions.Expect(clerk.GetByRole(AriaRole.Link, new() { Name = "職員の管理" })).ToHaveCountAsync(0);
        await clerk.GetByRole(AriaRole.Link, new() { Name = "経過措置（猶予）届出" }).ClickAsync();
        await clerk.GetByLabel("2. ネットワーク環境事情").CheckAsync();
        await clerk.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        await clerk.Locator("#Values_lineAvailable").FillAsync("2023-06-01");
        await clerk.GetByRole(AriaRole.Button, new() { Name = "確認画面へ進む" }).ClickAsync();
        await clerk.GetByRole(AriaRole.Button, new() { Name = "上記の内容で確定する" }).ClickAsync();
        await Assertions.Expect(clerk.GetByRole(AriaRole.Heading, new() { Name = "届出を受け付けました" })).ToBeVisibleAsync();
        await Assertions.Expect(clerk.Locator("main")).ToContainTextAsync("uketsuke@example.jp");
        await clerk.CheckPageAsync("p1-clerk-filed");

        // The 管理者 sees the person and their last login, and removes them.
        await admin.ReloadAsync();
        var row = admin.GetByRole(AriaRole.Row).Filter(new() { HasText = "uketsuke@example.jp" });
        await Assertions.Expect(row).ToContainTextAsync("利用中");
        await row.Locator("details.confirm > summary").ClickAsync();
        await Assertions.Expect(row.Locator(".confirm__panel")).ToContainTextAsync("受付 花子を削除します。その方のログインはすべて終了し、元に戻せません。");
        await admin.CheckPageAsync("p1-people-remove-confirm");
        await row.GetByRole(AriaRole.Button, new() { Name = "受付 花子の削除を確定する" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("削除しました");
        await Assertions.Expect(admin.GetByRole(AriaRole.Row).Filter(new() { HasText = "uketsuke@example.jp" })).ToContainTextAsync("削除済み");
        await admin.CheckPageAsync("p1-people-removed");

        // The 担当者's open session is gone at once: the next click is the login page.
        await clerk.GotoAsync("/mypage");
        await Assertions.Expect(clerk.GetByRole(AriaRole.Heading, new() { Name = "ログイン", Exact = true })).ToBeVisibleAsync();
        await clerk.Field("メールアドレス（または仮ID）").FillAsync("uketsuke@example.jp");
        await clerk.Field("パスワード").FillAsync(ClerkPassword);
        await clerk.GetByRole(AriaRole.Button, new() { Name = "ログイン" }).ClickAsync();
        await Assertions.Expect(clerk.Locator(".error-summary")).ToContainTextAsync("管理者によって削除されました");
        await clerk.CheckPageAsync("p1-removed-login");
    }
}
