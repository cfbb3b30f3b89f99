using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MimeKit;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// Flow 1 as a person does it: a credential issued on the command line, the letter's login, アカウント情報編集,
/// the check page, the mail read from the pickup folder, the link, and the first login with the own e-mail.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ActivationJourney(Browser browser)
{
    [Fact]
    public async Task An_institution_activates_its_pre_issued_login_in_the_browser()
    {
        await using var app = await EndToEndApp.StartAsync();
        var records = await app.ImportGeneratedAsync(30, seed: 41);
        var institution = records.First(r => r.ClosedOn is null);

        // The operator issues the credential on the command line; the CSV is what goes to the print shop.
        var csv = Path.Combine(Directory.CreateTempSubdirectory().FullName, "credentials.csv");
        var issued = await app.RunCommandAsync("credentials", "issue", "--code", institution.Code.Value, "--out", csv);
        Assert.True(issued.ExitCode == 0, issued.Error);
        var row = (await File.ReadAllLinesAsync(csv)).Skip(1).Single().Split(',');
        var (loginId, password) = (row[1], row[2]);

        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await page.GotoAsync("/login?id=" + Uri.EscapeDataString(loginId)); // as the letter's QR code opens it
        await Assertions.Expect(page.GetByLabel("メールアドレス（または仮ID）")).ToHaveValueAsync(loginId);
        await page.Field("パスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン" }).ClickAsync();

        // The first page after the letter's login is マイページ, with the button the letter names (別添1 ④), and the
        // form has the letter's 「マイページに戻る」 and 「確認画面に進む」 (⑤).
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "マイページ", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".site-header")).ToContainTextAsync("ログイン中: 仮ID " + loginId);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(institution.Name);
        await page.CheckPageAsync("20-activation-start");
        await page.GetByRole(AriaRole.Link, new() { Name = "アカウント情報編集" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "マイページに戻る" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "マイページ", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "アカウント情報編集" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "アカウント情報編集" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".summary-list").First).ToContainTextAsync(institution.Founder);
        await Assertions.Expect(page.Field("パスワード")).ToHaveValueAsync(string.Empty);
        await page.AssertStepsInOneRowAsync();
        await page.CheckPageAsync("21-activation-edit");

        // Bad entries first: Japanese errors beside the fields and on top.
        await page.Field("メールアドレス").FillAsync("clinic@example");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認画面に進む" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("入力内容に誤りがあります");
        await page.AssertErrorSummaryInFieldOrderAsync(atLeast: 4);
        await page.CheckPageAsync("22-activation-edit-errors");

        await page.Field("メールアドレス").FillAsync("clinic@example.jp");
        await page.Field("メールアドレス（確認）").FillAsync("clinic@example.jp");
        await page.Field("パスワード").FillAsync("natsu-no-yoru-no-hoshizora");
        await page.Field("パスワード（確認）").FillAsync("natsu-no-yoru-no-hoshizora");
        await page.Field("担当者名").FillAsync("事務長 田中");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認画面に進む" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "入力内容の確認" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("natsu-no-yoru-no-hoshizora");
        await page.AssertStepsInOneRowAsync();
        await page.CheckPageAsync("23-activation-check");
        await page.GetByRole(AriaRole.Button, new() { Name = "入力画面に戻る" }).ClickAsync();
        await Assertions.Expect(page.Field("メールアドレス")).ToHaveValueAsync("clinic@example.jp");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認画面に進む" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "上記の内容に同意して確定する" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "確認メールを送信しました" })).ToBeVisibleAsync();
        await page.CheckPageAsync("24-activation-sent");

        // The background worker writes the mail into the pickup folder.
        var linkMail = await app.WaitForMailAsync("メールアドレスの確認");
        var link = EndToEndApp.LinkIn(linkMail, "/activation/complete");
        Assert.StartsWith(app.LocalhostAddress().GetLeftPart(UriPartial.Authority), link, StringComparison.Ordinal);

        await page.GotoAsync(link);
        await page.CheckPageAsync("25-activation-complete-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "アカウント登録を完了する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "アカウント登録が完了しました" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "今できる手続き" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "ログインしてマイページへ" })).ToBeVisibleAsync();
        await page.CheckPageAsync("26-activation-completed");
        var completed = await app.WaitForMailAsync("アカウント登録完了のご案内");
        Assert.Contains(institution.Name, completed.TextBody ?? string.Empty);

        // The letter's login no longer works; the own e-mail does.
        await page.GotoAsync("/login");
        await page.GetByLabel("メールアドレス（または仮ID）").FillAsync(loginId);
        await page.Field("パスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("使用済み");
        await page.GetByLabel("メールアドレス（または仮ID）").FillAsync("clinic@example.jp");
        await page.Field("パスワード").FillAsync("natsu-no-yoru-no-hoshizora");
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン" }).ClickAsync();
        await Assertions.Expect(page.Locator(".site-header__user")).ToContainTextAsync(institution.Name);

        // A logged-in clerk lands on マイページ, not on the public top page with its login and registration cards.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/mypage$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "マイページ", Level = 1 })).ToBeVisibleAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "ログイン", Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("初めてご利用になる方");
        await Assertions.Expect(page.Locator(".site-header").GetByRole(AriaRole.Link, new() { Name = "マイページ" })).ToBeVisibleAsync();
        await page.CheckPageAsync("26b-home-logged-in");
    }
}
