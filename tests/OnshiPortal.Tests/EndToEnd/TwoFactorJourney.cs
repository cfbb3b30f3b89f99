using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// The second factor in Chromium: an operator held at the set-up enrols an authenticator app with its code, keeps
/// the recovery codes, logs in with a code and with a recovery code, then registers a passkey on Chromium's
/// virtual authenticator (DevTools WebAuthn domain) and logs in with it alone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class TwoFactorJourney(Browser browser)
{
    [Fact]
    public async Task An_operator_sets_up_an_authenticator_and_a_passkey_and_logs_in_with_each()
    {
        await using var app = await EndToEndApp.StartAsync();
        var (email, password) = await app.AddOperatorAsync(withAuthenticator: false);
        var page = await browser.NewPageAsync(app.LocalhostAddress());

        // The password is right, but an operator without a second factor gets no further than its set-up.
        await page.LogInAsync(app, email, password);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/two-factor$"));
        await Assertions.Expect(page.GetByText("業務用アカウントは2段階認証が必須です")).ToBeVisibleAsync();
        await page.CheckPageAsync("61-two-factor-required");
        await page.GotoAsync("/operator/institutions");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/two-factor$"));

        await page.GetByRole(AriaRole.Link, new() { Name = "認証アプリを設定する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "認証アプリ用のQRコード" })).ToBeVisibleAsync();
        var key = (await page.Locator("[data-authenticator-key]").InnerTextAsync()).Replace(" ", string.Empty, StringComparison.Ordinal);
        await page.CheckPageAsync("62-authenticator-setup");

        await page.Field("確認コード").FillAsync("12345");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認して有効にする" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Code-error")).ToHaveTextAsync("確認コードは6桁の数字で入力してください。");
        await page.CheckPageAsync("63-authenticator-code-error");

        await page.Field("確認コード").FillAsync(await Authenticators.NextCodeAsync(key, phone: app.PhoneClock));
        await page.GetByRole(AriaRole.Button, new() { Name = "確認して有効にする" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "認証アプリを設定しました" })).ToBeVisibleAsync();
        var codes = await page.Locator(".recovery-codes__list code").AllInnerTextsAsync();
        Assert.Equal(10, codes.Count);
        await page.CheckPageAsync("64-recovery-codes");
        await page.GetByRole(AriaRole.Link, new() { Name = "リカバリーコードを保管しました" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "業務メニュー" })).ToBeVisibleAsync();

        // Next login: the password, then the code from the app.
        await LogOutAsync(page);
        await page.GotoAsync("/login");
        await page.GetByLabel("メールアドレス（または仮ID）").FillAsync(email);
        await page.GetByLabel("パスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "2段階認証" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("この端末を記憶する")).ToHaveCountAsync(0);
        await page.CheckPageAsync("65-login-two-factor");
        await page.Field("確認コード").FillAsync(await Authenticators.NextCodeAsync(key, phone: app.PhoneClock));
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "業務メニュー" })).ToBeVisibleAsync();

        // A lost phone: a recovery code instead of the app's code.
        await LogOutAsync(page);
        await page.GotoAsync("/login");
        await page.GetByLabel("メールアドレス（または仮ID）").FillAsync(email);
        await page.GetByLabel("パスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "認証アプリを使えない場合（リカバリーコードでログイン）" }).ClickAsync();
        await page.CheckPageAsync("66-login-recovery");
        await page.Field("リカバリーコード").FillAsync(codes[0]);
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "業務メニュー" })).ToBeVisibleAsync();

        // A passkey, on Chromium's virtual authenticator (a platform authenticator that verifies its user).
        var devTools = await page.Context.NewCDPSessionAsync(page);
        await devTools.SendAsync("WebAuthn.enable");
        await devTools.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
        await page.GotoAsync("/account/two-factor");
        await page.Field("パスキーの名前").FillAsync("事務室のパソコン");
        await page.GetByRole(AriaRole.Button, new() { Name = "パスキーを登録する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("パスキー「事務室のパソコン」を登録しました。");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "事務室のパソコン", Exact = true })).ToBeVisibleAsync();
        await page.CheckPageAsync("67-passkey-registered");

        // Logging in with the passkey alone: no address, no password, no code.
        await LogOutAsync(page);
        await page.GotoAsync("/login");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "パスキーでログイン" })).ToBeVisibleAsync();
        await page.CheckPageAsync("68-login-passkey-option");
        await page.GetByRole(AriaRole.Button, new() { Name = "パスキーで認証する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "業務メニュー" })).ToBeVisibleAsync();
        await page.CheckPageAsync("69-signed-in-with-passkey");
    }

    private static async Task LogOutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "ログアウト" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "ログアウトしました" })).ToBeVisibleAsync();
    }
}
