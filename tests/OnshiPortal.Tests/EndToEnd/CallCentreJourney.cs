using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OnshiPortal.Features.Account;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// The call centre in a real browser (flow 6): an institution lost its letter; the operator finds it and reissues its
/// temporary credential; its letter is queued for the post and a Printer closes the print batch and downloads it; the credential printed
/// in it logs in, the lost one does not.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class CallCentreJourney(Browser browser)
{
    [Fact]
    public async Task An_operator_reissues_a_lost_letter_from_the_search_and_the_printed_credential_logs_in()
    {
        await using var app = await EndToEndApp.StartAsync();
        var records = await app.ImportGeneratedAsync(30, seed: 2024);
        var target = records.First(r => r.ClosedOn is null);
        var code = target.Code.Value;
        var lost = await app.ReissueAsync(code);
        var (email, password) = await app.AddOperatorAsync(Roles.Operator);
        var page = await browser.NewPageAsync(app.LocalhostAddress());

        await page.LogInAsync(app, email, password);
        await page.GetByRole(AriaRole.Link, new() { Name = "医療機関等の検索" }).ClickAsync();
        await page.GetByLabel("医療機関等コード").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "検索する" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = target.Name, Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".account-state")).ToHaveTextAsync("仮ID発行済み（未登録）");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(lost.LoginId);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("管理者のみ"); // the e-mail change
        await page.CheckPageAsync("121-callcentre-institution");

        await page.GetByRole(AriaRole.Link, new() { Name = "仮ID・仮パスワードの再発行" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "仮ID・仮パスワードの再発行", Level = 1 })).ToBeVisibleAsync();
        await page.CheckPageAsync("122-callcentre-reissue");

        // No reason: the error beside the field and in the summary, nothing issued.
        var submit = page.GetByRole(AriaRole.Button, new() { Name = "再発行する" });
        await submit.ClickAsync();
        await Assertions.Expect(page.Locator("#Reason-error")).ToContainTextAsync("操作の理由を入力してください");
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("操作の理由を入力してください");
        await page.CheckPageAsync("123-callcentre-reissue-errors");

        // The operator reissues but never holds the letter: it is queued for the post, printed with the next batch.
        await page.Field("操作の理由").FillAsync("送付状を紛失したとの電話（事務長 田中様）");
        await submit.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("仮ID・仮パスワードの再発行を行いました");
        await Assertions.Expect(page.Locator("#postal-letters-title + *")).ToContainTextAsync("仮ID・仮パスワードの再発行のお知らせ");
        await Assertions.Expect(page.Locator("#postal-letters-title + *")).ToContainTextAsync("印刷待ち");
        await page.CheckPageAsync("124-callcentre-letter-waiting");

        var (printerEmail, printerPassword) = await app.AddOperatorAsync(Roles.Printer);
        var printer = await browser.NewPageAsync(app.LocalhostAddress());
        await printer.LogInAsync(app, printerEmail, printerPassword);
        await Assertions.Expect(printer.Locator("main")).ToContainTextAsync("印刷担当者のメニューです");
        await printer.CheckPageAsync("128-printer-menu");
        await printer.GetByRole(AriaRole.Link, new() { Name = "郵送物の印刷" }).ClickAsync();
        await printer.GetByRole(AriaRole.Button, new() { Name = "印刷バッチを締める（印刷待ちをすべてまとめる）" }).ClickAsync();
        await printer.CheckPageAsync("129-printer-batch-closed");
        var download = await printer.RunAndWaitForDownloadAsync(() => printer.GetByRole(AriaRole.Link, new() { Name = "印刷データ（ZIP）をダウンロードする" }).ClickAsync());
        var folder = Directory.CreateTempSubdirectory("onshi-e2e-callcentre-").FullName;
        var zip = Path.Combine(folder, download.SuggestedFilename);
        await download.SaveAsAsync(zip);
        System.IO.Compression.ZipFile.ExtractToDirectory(zip, folder);
        var pdf = Directory.GetFiles(folder, OnshiPortal.Features.PostalLetters.PrintBatches.PdfName(OnshiPortal.Features.PostalLetters.PostalLetterKind.CredentialReissue), SearchOption.AllDirectories).Single();

        // The printed letter, as the institution reads it.
        Assert.Equal(1, PdfTools.PageCount(pdf));
        var front = PdfTools.Pages(pdf)[0];
        var printed = CredentialLine().Match(front);
        Assert.True(printed.Success, front);
        var loginId = printed.Groups[1].Value;
        var temporaryPassword = printed.Groups[2].Value;
        Assert.Equal($"{code}@02", loginId);

        // The lost letter no longer logs in; the printed one does, and opens アカウント情報編集.
        var clinic = await browser.NewPageAsync(app.LocalhostAddress());
        await clinic.GotoAsync("/login?id=" + Uri.EscapeDataString(lost.LoginId));
        await clinic.Field("パスワード").FillAsync(lost.Password);
        await clinic.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();
        await Assertions.Expect(clinic.Locator(".error-summary")).ToBeVisibleAsync();
        await clinic.GotoAsync("/login?id=" + Uri.EscapeDataString(loginId));
        await clinic.Field("パスワード").FillAsync(temporaryPassword);
        await clinic.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();
        await Assertions.Expect(clinic.GetByRole(AriaRole.Link, new() { Name = "アカウント情報編集" })).ToBeVisibleAsync();

        // Back on the institution's page: the new credential, the old one superseded, the reason in the trail.
        await page.GotoAsync($"/operator/institutions/{code}");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(loginId);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("無効（再発行済み）");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("送付状を紛失したとの電話（事務長 田中様）");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync(temporaryPassword);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("郵送済み");
        await page.CheckPageAsync("124-callcentre-after-reissue");
    }

    [Fact]
    public async Task With_a_loopback_public_address_the_operator_is_told_the_setting_and_no_letter_is_made()
    {
        // As a portal in service whose Mail:BaseUrl was left at this machine's address.
        await using var app = await EndToEndApp.StartAsync(settings: new Dictionary<string, string?> { ["Mail:AllowLocalBaseUrl"] = "false" });
        var records = await app.ImportGeneratedAsync(10, seed: 2025);
        var code = records.First(r => r.ClosedOn is null).Code.Value;
        await app.ReissueAsync(code);
        var (email, password) = await app.AddOperatorAsync(Roles.Admin);
        var page = await browser.NewPageAsync(app.LocalhostAddress());

        await page.LogInAsync(app, email, password);
        var alert = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert).ToContainTextAsync("メールと送付状を送れません");
        await Assertions.Expect(alert).ToContainTextAsync("Mail:BaseUrl");
        await page.CheckPageAsync("135-operator-menu-public-address");

        await page.GotoAsync($"/operator/institutions/{code}/reissue");
        await page.Field("操作の理由").FillAsync("送付状を紛失したとの電話");
        await page.GetByRole(AriaRole.Button, new() { Name = "再発行する" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("Mail:BaseUrl");
        await page.CheckPageAsync("136-callcentre-reissue-refused-public-address");
        await page.GotoAsync($"/operator/institutions/{code}");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync(code + "@02");
    }

    [Fact]
    public async Task An_admin_changes_an_accounts_email_after_ticking_every_identity_check()
    {
        await using var app = await EndToEndApp.StartAsync();
        var records = await app.ImportGeneratedAsync(10, seed: 2025);
        var code = records.First(r => r.ClosedOn is null).Code.Value;
        await app.AddAccountAsync(code, new DateOnly(2023, 2, 10)); // as an activation leaves it: {code}@clinic.example
        var (email, password) = await app.AddOperatorAsync(Roles.Admin);
        var page = await browser.NewPageAsync(app.LocalhostAddress());

        await page.LogInAsync(app, email, password);
        await page.GotoAsync($"/operator/institutions/{code}");
        await Assertions.Expect(page.Locator(".account-state")).ToHaveTextAsync("登録済み");
        await page.GetByRole(AriaRole.Link, new() { Name = "メールアドレスの変更" }).ClickAsync();

        // Two boxes ticked, no address, no reason: every error beside its field and in the summary.
        await page.GetByLabel("医療機関等コードを正しく答えられた").CheckAsync();
        await page.GetByLabel("医療機関等の名称を正しく答えられた").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "確認メールを送信する" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Checks-error")).ToContainTextAsync("本人確認の項目をすべて確かめてから変更してください。");
        await Assertions.Expect(page.Locator("#NewEmail-error")).ToContainTextAsync("新しいメールアドレスを入力してください。");
        await Assertions.Expect(page.Locator("#Reason-error")).ToContainTextAsync("操作の理由を入力してください");
        await Assertions.Expect(page.GetByLabel("医療機関等の名称を正しく答えられた")).ToBeCheckedAsync();
        await page.CheckPageAsync("125-callcentre-email-errors");

        await page.GetByLabel("開設者の氏名（名称）を正しく答えられた").CheckAsync();
        await page.GetByLabel("マスタの電話番号へ折り返し電話をかけ、本人であることを確かめた").CheckAsync();
        await page.Field("新しいメールアドレス").FillAsync("new-staff@example.jp");
        await page.Field("操作の理由").FillAsync("担当者が退職しメールアドレスが使えないとの電話");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認メールを送信する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("メールアドレスの変更を行いました");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("担当者が退職しメールアドレスが使えないとの電話");
        await page.CheckPageAsync("126-callcentre-email-sent");
        Assert.Contains("/account/email/confirm", EndToEndApp.LinkIn(await app.WaitForMailAsync("新しいメールアドレスの確認"), "/account/email/confirm"));

        await page.GetByRole(AriaRole.Link, new() { Name = "業務メニュー" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "確認待ちの自己登録" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("0件");
        await page.CheckPageAsync("127-callcentre-unconfirmed");
    }

    /// <summary>The letter's login ID and, on the table's next row, its password, as pdftotext orders them.</summary>
    [GeneratedRegex(@"(\d{10}@\d{2})\s+仮パスワード\s*(\S{12})\s")]
    private static partial Regex CredentialLine();
}
