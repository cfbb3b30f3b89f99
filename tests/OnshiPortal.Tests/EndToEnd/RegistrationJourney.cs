using Microsoft.Playwright;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>Flow 2 (別添2) as a person does it: the e-mail, the URL from the mail, the form, the check page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RegistrationJourney(Browser browser)
{
    [Fact]
    public async Task An_institution_registers_by_e_mail_in_the_browser()
    {
        await using var app = await EndToEndApp.StartAsync();
        var records = await app.ImportGeneratedAsync(30, seed: 61);
        var institution = records.First(r => r.ClosedOn is null);
        var letter = await app.ReissueAsync(institution.Code.Value); // the 仮ID letter the institution also has
        var page = await browser.NewPageAsync(app.LocalhostAddress());

        // Where 別添2 ② says: 「画面上部右側の『初めてご利用になる方（アカウント登録）』」; 別添1 ②'s login beside it.
        await page.GotoAsync("/");
        var header = page.Locator(".site-header");
        await Assertions.Expect(header.GetByRole(AriaRole.Link, new() { Name = "すでにアカウントをお持ちの方はログイン" })).ToBeVisibleAsync();
        var register = header.GetByRole(AriaRole.Link, new() { Name = "初めてご利用になる方（アカウント登録）" });
        var box = await register.BoundingBoxAsync();
        Assert.True(box is { } b && b.X + b.Width > page.ViewportSize!.Width * 0.5 && b.Y < 200, $"not at the top right: {box?.X},{box?.Y}");
        await page.CheckPageAsync("50-home");
        await register.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "仮登録メールを送信する" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("メールアドレスを入力してください。");
        await page.CheckPageAsync("51-register-errors");
        await page.GetByLabel("メールアドレス").FillAsync("newclinic@example.jp");
        await page.GetByRole(AriaRole.Button, new() { Name = "仮登録メールを送信する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("仮登録メールを送信しました");
        await page.CheckPageAsync("52-register-sent");

        var mail = await app.WaitForMailAsync("仮登録のご案内");
        await page.GotoAsync(EndToEndApp.LinkIn(mail, "/register/form"));
        await page.Field("医療機関等コード").FillAsync(institution.Code.Value);
        await page.GetByRole(AriaRole.Button, new() { Name = "コードから情報を表示する" }).ClickAsync();
        await Assertions.Expect(page.Field("開設者")).ToHaveValueAsync(institution.Founder);
        await page.CheckPageAsync("53-register-form");

        await page.Field("担当者名").FillAsync("事務長 山本");
        await page.Field("パスワード").FillAsync("short");
        await page.Field("パスワード（確認）").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認画面へ進む" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Input_Password-error")).ToContainTextAsync("12文字以上");
        await page.CheckPageAsync("54-register-form-errors");

        await page.Field("パスワード").FillAsync("aki-no-yuuhi-ni-teru-yama");
        await page.Field("パスワード（確認）").FillAsync("aki-no-yuuhi-ni-teru-yama");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認画面へ進む" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "入力内容の確認" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".summary-list")).ToContainTextAsync(institution.Name);
        await page.CheckPageAsync("55-register-check");
        await page.GetByRole(AriaRole.Button, new() { Name = "入力画面に戻る" }).ClickAsync();
        await Assertions.Expect(page.Field("担当者名")).ToHaveValueAsync("事務長 山本");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認画面へ進む" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "上記の内容で確定する" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "アカウント登録を受け付けました" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "今後の流れ（確認待ち）" })).ToBeVisibleAsync();
        await page.CheckPageAsync("56-register-done");
        await app.WaitForMailAsync("アカウント登録受付のご案内");
        await Assertions.Expect(page.Locator(".site-header__user")).ToContainTextAsync(institution.Name);

        // Pending until proven: マイページ says so and offers the letter's proof instead of the filings.
        await page.GetByRole(AriaRole.Link, new() { Name = "マイページへ" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "アカウントは確認待ちです" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "経過措置（猶予）届出" })).ToHaveCountAsync(0);
        await page.CheckPageAsync("56a-mypage-pending");
        await page.GetByRole(AriaRole.Link, new() { Name = "仮ID・仮パスワードで確認する" }).ClickAsync();
        await page.Field("仮ID（仮メールアドレス）").FillAsync(letter.LoginId);
        await page.Field("仮パスワード").FillAsync("wrong-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("仮IDまたは仮パスワードが正しくないか");
        await page.CheckPageAsync("56b-prove-error");
        await page.Field("仮パスワード").FillAsync(letter.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "確認する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("アカウントの確認が完了しました");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "経過措置（猶予）届出" })).ToBeVisibleAsync();
        await page.CheckPageAsync("56c-mypage-proven");

        // An institution's account has no business in the back office.
        await page.GotoAsync("/operator/institutions");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "このページを表示する権限がありません" })).ToBeVisibleAsync();
        await page.CheckPageAsync("57-access-denied");
    }
}
