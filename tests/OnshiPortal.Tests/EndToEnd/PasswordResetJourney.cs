using Microsoft.Playwright;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>パスワードをお忘れの方, in the browser: the request, the mail from the pickup folder, the new password.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PasswordResetJourney(Browser browser)
{
    [Fact]
    public async Task A_forgotten_password_is_replaced_through_the_mailed_link()
    {
        await using var app = await EndToEndApp.StartAsync();
        var (email, _) = await app.AddOperatorAsync();
        var page = await browser.NewPageAsync(app.LocalhostAddress());

        await page.GotoAsync("/login");
        await page.GetByRole(AriaRole.Link, new() { Name = "パスワードをお忘れの方" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "再設定のご案内を送信する" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("メールアドレスを入力してください。");
        await page.CheckPageAsync("31-forgot-password-errors");
        await page.GetByLabel("メールアドレス").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "再設定のご案内を送信する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("パスワード再設定のご案内を送信しました");
        await page.CheckPageAsync("32-forgot-password-sent");

        var mail = await app.WaitForMailAsync("パスワード再設定のご案内");
        await page.GotoAsync(EndToEndApp.LinkIn(mail, "/account/reset"));
        await page.GetByLabel("新しいパスワード", new() { Exact = true }).FillAsync("fuyu-no-asa-no-shimobashira");
        await page.GetByLabel("新しいパスワード（確認）").FillAsync("fuyu-no-asa-no-shimobashirA");
        await page.GetByRole(AriaRole.Button, new() { Name = "パスワードを再設定する" }).ClickAsync();
        await Assertions.Expect(page.Locator("#ConfirmPassword-error")).ToHaveTextAsync("確認用のパスワードが一致しません。");
        await page.CheckPageAsync("33-reset-password-errors");
        await page.GetByLabel("新しいパスワード", new() { Exact = true }).FillAsync("fuyu-no-asa-no-shimobashira");
        await page.GetByLabel("新しいパスワード（確認）").FillAsync("fuyu-no-asa-no-shimobashira");
        await page.GetByRole(AriaRole.Button, new() { Name = "パスワードを再設定する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("パスワードを再設定しました");
        await page.CheckPageAsync("34-reset-password-done");
        await app.WaitForMailAsync("パスワード変更のお知らせ");

        await page.GetByRole(AriaRole.Link, new() { Name = "ログイン画面へ" }).ClickAsync();
        await page.GetByLabel("メールアドレス（または仮ID）").FillAsync(email);
        await page.GetByLabel("パスワード").FillAsync("fuyu-no-asa-no-shimobashira");
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン" }).ClickAsync();
        await page.AnswerTwoFactorAsync(app, email);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "業務メニュー" })).ToBeVisibleAsync();
    }
}
