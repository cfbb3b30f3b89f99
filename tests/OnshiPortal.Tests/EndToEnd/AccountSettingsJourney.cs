using Microsoft.Playwright;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>アカウント設定 in the browser: a new login e-mail proven by its link.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountSettingsJourney(Browser browser)
{
    [Fact]
    public async Task An_account_moves_its_login_to_a_new_address()
    {
        await using var app = await EndToEndApp.StartAsync();
        var (email, password) = await app.AddOperatorAsync();
        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await page.GotoAsync("/login");
        await page.GetByLabel("メールアドレス（または仮ID）").FillAsync(email);
        await page.GetByLabel("パスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン" }).ClickAsync();
        await page.AnswerTwoFactorAsync(app, email);

        await page.GetByRole(AriaRole.Link, new() { Name = "アカウント設定" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "アカウント設定" })).ToBeVisibleAsync();
        await page.CheckPageAsync("41-account-settings");
        await page.GetByRole(AriaRole.Link, new() { Name = "メールアドレスの変更" }).ClickAsync();
        await page.GetByLabel("新しいメールアドレス", new() { Exact = true }).FillAsync("moved@example.jp");
        await page.GetByLabel("新しいメールアドレス（確認）").FillAsync("moved@example.jq");
        await page.GetByLabel("現在のパスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "確認のメールを送信する" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Input_ConfirmEmail-error")).ToHaveTextAsync("確認用のメールアドレスが一致しません。");
        await page.CheckPageAsync("42-change-email-errors");
        await page.GetByLabel("新しいメールアドレス（確認）").FillAsync("moved@example.jp");
        await page.GetByLabel("現在のパスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "確認のメールを送信する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("確認のメールを送信しました");
        await page.CheckPageAsync("43-change-email-sent");

        var mail = await app.WaitForMailAsync("新しいメールアドレスの確認");
        await page.GotoAsync(EndToEndApp.LinkIn(mail, "/account/email/confirm"));
        await page.CheckPageAsync("44-change-email-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "変更を確定する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("メールアドレスを変更しました");
        await page.CheckPageAsync("45-change-email-done");

        await page.GetByRole(AriaRole.Link, new() { Name = "ログイン画面へ" }).ClickAsync();
        await page.GetByLabel("メールアドレス（または仮ID）").FillAsync("moved@example.jp");
        await page.GetByLabel("パスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン" }).ClickAsync();
        await page.AnswerTwoFactorAsync(app, "moved@example.jp");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "業務メニュー" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_account_sees_where_it_is_logged_in_and_ends_the_other_sessions()
    {
        await using var app = await EndToEndApp.StartAsync();
        var (email, password) = await app.AddOperatorAsync();
        var elsewhere = await browser.NewPageAsync(app.LocalhostAddress());
        await elsewhere.LogInAsync(app, email, password);
        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await page.LogInAsync(app, email, password);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "業務メニュー" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "アカウント設定" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "ログイン中の端末" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "ログイン中の端末" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("この端末", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row)).ToHaveCountAsync(3); // the header and two sessions
        await page.CheckPageAsync("46-sessions");

        await page.GetByRole(AriaRole.Button, new() { Name = "この端末以外のすべてのログインを終了する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("ほかの端末（1件）のログインを終了しました");
        await Assertions.Expect(page.GetByRole(AriaRole.Row)).ToHaveCountAsync(2);
        await page.CheckPageAsync("47-sessions-ended");

        // The other browser's next click finds its session gone.
        await elsewhere.ReloadAsync();
        await Assertions.Expect(elsewhere.GetByRole(AriaRole.Button, new() { Name = "ログイン" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task New_recovery_codes_after_five_minutes_ask_for_the_password_again()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var app = await EndToEndApp.StartAsync(clock);
        var (email, password) = await app.AddOperatorAsync();
        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await page.LogInAsync(app, email, password);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "業務メニュー" })).ToBeVisibleAsync();
        clock.Advance(TimeSpan.FromMinutes(6));

        await page.GotoAsync("/account/two-factor");
        await page.GetByRole(AriaRole.Button, new() { Name = "リカバリーコードを再発行する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "本人確認", Exact = true })).ToBeVisibleAsync();
        await page.CheckPageAsync("48-reauthenticate");
        await page.GetByLabel("パスワード", new() { Exact = true }).FillAsync("wrong-password-xyz");
        await page.GetByRole(AriaRole.Button, new() { Name = "パスワードで確認する" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Password-error")).ToHaveTextAsync("パスワードが正しくありません。");
        await page.CheckPageAsync("49-reauthenticate-error");
        await page.GetByLabel("パスワード", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "パスワードで確認する" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "2段階認証の設定" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "リカバリーコードを再発行する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("新しいリカバリーコードを発行しました");
    }
}
