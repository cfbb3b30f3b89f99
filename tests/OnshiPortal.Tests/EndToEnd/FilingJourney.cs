using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// Flows 3 and 4 as people do them: the institution files from My Page to the receipt and downloads its copy; the
/// operator reviews and accepts. The app runs on 1 March 2023, before the seed's deferral deadline.
/// </summary>
[Collection(DocumentBrowserCollection.Name)]
public sealed partial class FilingJourney(Browser browser)
{
    internal const string Password = "haru-no-ogawa-wa-sarasara";

    [Fact]
    public async Task An_institution_files_a_succession_and_the_operator_accepts_it()
    {
        await using var app = await EndToEndApp.StartAsync(new ManualClock(FilingScenario.March2023));
        var records = await app.ImportGeneratedAsync(30, seed: 71);
        var institution = records.First(r => r.ClosedOn is null);
        var newCode = FilingScenario.NewCodeFor(institution, records).Value;
        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await ActivateAsync(app, page, institution.Code.Value, "succession@example.jp");

        await page.GetByRole(AriaRole.Link, new() { Name = "マイページ" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "マイページ" })).ToBeVisibleAsync();
        await page.CheckPageAsync("71-mypage");
        await page.GetByRole(AriaRole.Link, new() { Name = "オンライン資格確認関係 保険医療機関等承継届出" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "こちらをクリック" }).First).ToBeVisibleAsync();
        await page.CheckPageAsync("72-succession-form");

        await page.GetByRole(AriaRole.Button, new() { Name = "確認画面へ進む" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("入力内容に誤りがあります");
        await page.AssertErrorSummaryInFieldOrderAsync();
        await page.CheckPageAsync("73-succession-errors");

        await page.Field("新しい医療機関等コード").FillAsync(newCode);
        await page.Field("新しいコードの有効開始日").FillAsync("2023-04-01");
        await page.GetByLabel("個人診療所の医療法人化").CheckAsync();
        await page.Field("新しい医療機関等の名称").FillAsync("医療法人さくら会 さくら内科クリニック");
        await page.Field("新しい開設者").FillAsync("医療法人さくら会 理事長 佐藤 一郎");
        await page.Field("新しい所在地の郵便番号").FillAsync("100-0001");
        await page.Field("新しい所在地").FillAsync("東京都千代田区千代田1-1");
        await page.Field("担当者名").FillAsync("事務長 佐藤 花子");
        await page.Field("担当者の電話番号").FillAsync("03-1234-5678");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認画面へ進む" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "入力内容の確認" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".summary-list")).ToContainTextAsync(newCode);
        await page.CheckPageAsync("74-succession-check");
        await page.GetByRole(AriaRole.Button, new() { Name = "上記の内容で確定する" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "届出を受け付けました" })).ToBeVisibleAsync();
        var receipt = await ReceiptOnPageAsync(page, "S");
        await page.CheckPageAsync("75-succession-receipt");
        await AssertCopyAsync(page, receipt);
        var received = await app.WaitForMailAsync("受付のお知らせ");
        Assert.Contains(receipt, received.Subject);

        var operatorPage = await OperatorAsync(app);
        await operatorPage.GetByRole(AriaRole.Link, new() { Name = "承継届出の審査" }).ClickAsync();
        await Assertions.Expect(operatorPage.GetByRole(AriaRole.Link, new() { Name = receipt })).ToBeVisibleAsync();
        await operatorPage.CheckPageAsync("76-operator-succession-queue");
        await operatorPage.GetByRole(AriaRole.Link, new() { Name = receipt }).ClickAsync();
        await Assertions.Expect(operatorPage.GetByRole(AriaRole.Heading, new() { Name = "履歴" })).ToBeVisibleAsync();
        await operatorPage.CheckPageAsync("77-operator-succession-review");

        // 受理 moves the account: first what will change, then the confirming click.
        await operatorPage.GetByRole(AriaRole.Link, new() { Name = "受理の内容を確認する" }).ClickAsync();
        var summary = operatorPage.GetByRole(AriaRole.Region, new() { Name = "受理の確認" });
        await Assertions.Expect(summary).ToContainTextAsync("取り消せません");
        await Assertions.Expect(summary).ToContainTextAsync("承継済");
        await Assertions.Expect(summary).ToContainTextAsync(newCode);
        await operatorPage.CheckPageAsync("77b-operator-succession-accept-confirm");
        await operatorPage.GetByRole(AriaRole.Link, new() { Name = "審査に戻る" }).ClickAsync();
        await Assertions.Expect(operatorPage.GetByRole(AriaRole.Heading, new() { Name = "審査", Exact = true })).ToBeVisibleAsync();
        await operatorPage.GetByRole(AriaRole.Link, new() { Name = "受理の内容を確認する" }).ClickAsync();
        await operatorPage.GetByRole(AriaRole.Button, new() { Name = "受理を確定する" }).ClickAsync();
        await Assertions.Expect(operatorPage.GetByRole(AriaRole.Status)).ToContainTextAsync("受理しました");
        await Assertions.Expect(operatorPage.Locator("main")).ToContainTextAsync("「承継後のお手続きのご案内」は、受理と同時に新しい医療機関等コードあての郵送物として印刷待ちに入りました。");
        await operatorPage.CheckPageAsync("78-operator-succession-accepted");
        var accepted = await app.WaitForMailAsync("受理のお知らせ");
        Assert.Contains(newCode, accepted.TextBody ?? string.Empty);

        // The same login now opens the new code.
        await page.GotoAsync("/mypage");
        await Assertions.Expect(page.Locator(".summary-list").First).ToContainTextAsync(newCode);
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "提出した届出（新しい順）" })).ToContainTextAsync("受理");
        await page.CheckPageAsync("79-mypage-after-succession");

        // The guidance the mail promised is queued for the post; the printing role closes the day's batch, and the
        // institution sees it posted (issue 22).
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "郵送物" })).ToContainTextAsync("承継後のお手続きのご案内");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "郵送物" })).ToContainTextAsync("印刷待ち");
        var (printerEmail, printerPassword) = await app.AddOperatorAsync(OnshiPortal.Features.Account.Roles.Printer);
        var printer = await browser.NewPageAsync(app.LocalhostAddress());
        await printer.LogInAsync(app, printerEmail, printerPassword);
        await printer.GotoAsync("/operator/letters");
        await Assertions.Expect(printer.GetByRole(AriaRole.Heading, new() { Name = "印刷待ち（1通）" })).ToBeVisibleAsync();
        await printer.CheckPageAsync("79b-operator-letters");
        await printer.GetByRole(AriaRole.Button, new() { Name = "印刷バッチを締める（印刷待ちをすべてまとめる）" }).ClickAsync();
        await Assertions.Expect(printer.GetByRole(AriaRole.Status)).ToContainTextAsync("印刷バッチ 1 を締めました。");
        await printer.CheckPageAsync("79c-operator-letters-batch-closed");
        await page.GotoAsync("/mypage");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "郵送物" })).ToContainTextAsync("郵送済み");
        await page.CheckPageAsync("79d-mypage-letter-posted");

        // The post office brings it back (転居先不明): the printer records the return by the code above the address, and
        // the institution is told its master address failed, until the master changes.
        await printer.GotoAsync("/operator/letters/returns");
        await printer.GetByLabel("医療機関等コード").FillAsync(newCode);
        await printer.GetByRole(AriaRole.Button, new() { Name = "郵送物を表示する" }).ClickAsync();
        await printer.GetByLabel(new Regex("^返送の理由")).SelectOptionAsync(new SelectOptionValue { Label = "転居先不明" });
        await printer.GetByRole(AriaRole.Button, new() { Name = "返送を記録する" }).ClickAsync();
        await Assertions.Expect(printer.GetByRole(AriaRole.Status)).ToContainTextAsync("の返送を記録しました。");
        await Assertions.Expect(printer.GetByRole(AriaRole.Heading, new() { Name = "住所の確認が必要な医療機関等（1件）" })).ToBeVisibleAsync();
        await printer.CheckPageAsync("79e-operator-letter-returned");
        await page.GotoAsync("/mypage");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "郵送物" })).ToContainTextAsync("郵便局から返送されました（転居先不明）");
        await page.CheckPageAsync("79f-mypage-letter-returned");
    }

    [Fact]
    public async Task An_institution_files_a_deferral_with_its_contract_and_the_operator_accepts_it()
    {
        await using var app = await EndToEndApp.StartAsync(new ManualClock(FilingScenario.March2023));
        var records = await app.ImportGeneratedAsync(30, seed: 81);
        var institution = records.First(r => r.ClosedOn is null);
        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await ActivateAsync(app, page, institution.Code.Value, "deferral@example.jp");

        await page.GetByRole(AriaRole.Link, new() { Name = "マイページ" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "経過措置（猶予）届出" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "経過措置（猶予）届出" })).ToBeVisibleAsync();
        await page.CheckPageAsync("80-deferral-categories");

        // 次へ with nothing chosen: said beside the list and in the summary, not a silent reload.
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("やむを得ない事情（届出の区分）を選んでください");
        await Assertions.Expect(page.Locator("#Category-error")).ToContainTextAsync("やむを得ない事情（届出の区分）を選んでください");
        await Assertions.Expect(page.GetByLabel("1. システム整備中")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.CheckPageAsync("88-deferral-no-category");
        await page.GetByLabel("1. システム整備中").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "経過措置（猶予）届出：システム整備中" })).ToBeVisibleAsync();
        await page.CheckPageAsync("81-deferral-form");

        await page.Locator("#Values_contractDate").FillAsync("2023-03-10");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認画面へ進む" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("契約締結日は令和5年2月28日（2023年2月28日）以前");
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("契約書・注文書の写しを添付してください");
        await page.AssertErrorSummaryInFieldOrderAsync();
        await page.CheckPageAsync("82-deferral-errors");

        await page.Locator("#Values_contractDate").FillAsync("2023-02-10");
        await page.Locator("#Values_vendor").FillAsync("株式会社オンライン資格システムズ");
        await page.Locator("#Values_completion").FillAsync("2023-09-15");
        await page.Locator("#Attachments").SetInputFilesAsync(new FilePayload { Name = "注文書.pdf", MimeType = "application/pdf", Buffer = FilingScenario.Pdf("order") });
        await page.GetByRole(AriaRole.Button, new() { Name = "確認画面へ進む" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "入力内容の確認" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".summary-list")).ToContainTextAsync("2023年9月15日");
        await Assertions.Expect(page.Locator(".summary-list")).ToContainTextAsync("注文書.pdf");
        await page.CheckPageAsync("83-deferral-check");
        await page.GetByRole(AriaRole.Button, new() { Name = "上記の内容で確定する" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "届出を受け付けました" })).ToBeVisibleAsync();
        var receipt = await ReceiptOnPageAsync(page, "D");
        Assert.Equal("D-2023-000001", receipt);
        await page.CheckPageAsync("84-deferral-receipt");
        await AssertCopyAsync(page, receipt);

        var operatorPage = await OperatorAsync(app);
        await operatorPage.GetByRole(AriaRole.Link, new() { Name = "経過措置届出の審査" }).ClickAsync();
        await operatorPage.GetByLabel("状態").SelectOptionAsync(new SelectOptionValue { Label = "受付" });
        await operatorPage.GetByRole(AriaRole.Button, new() { Name = "絞り込む" }).ClickAsync();
        await Assertions.Expect(operatorPage.GetByRole(AriaRole.Link, new() { Name = receipt })).ToBeVisibleAsync();
        await operatorPage.CheckPageAsync("85-operator-deferral-queue");
        await operatorPage.GetByRole(AriaRole.Link, new() { Name = receipt }).ClickAsync();
        await Assertions.Expect(operatorPage.GetByRole(AriaRole.Link, new() { Name = "注文書.pdf" })).ToBeVisibleAsync();
        await operatorPage.CheckPageAsync("86-operator-deferral-review");
        await operatorPage.GetByRole(AriaRole.Link, new() { Name = "受理の内容を確認する" }).ClickAsync();
        await Assertions.Expect(operatorPage.GetByRole(AriaRole.Region, new() { Name = "受理の確認" })).ToContainTextAsync("経過措置の期限");
        await operatorPage.CheckPageAsync("86b-operator-deferral-accept-confirm");
        await operatorPage.GetByRole(AriaRole.Button, new() { Name = "受理を確定する" }).ClickAsync();
        await Assertions.Expect(operatorPage.GetByRole(AriaRole.Status)).ToContainTextAsync("受理しました");

        await page.GotoAsync("/mypage");
        await Assertions.Expect(page.Locator(".summary-list")).ToContainTextAsync("経過措置の期限");
        await Assertions.Expect(page.Locator(".summary-list")).ToContainTextAsync("令和5年9月15日（2023年9月15日）");
        await page.CheckPageAsync("87-mypage-deferral-accepted");
    }

    /// <summary>Flow 1 in the browser: the letter's login, the entries, the mailed link; then logged in with the own e-mail.</summary>
    internal static async Task ActivateAsync(PortalAppFactory app, IPage page, string code, string email)
    {
        var credential = await app.ReissueAsync(code);
        await page.GotoAsync("/login");
        await page.GetByLabel("メールアドレス（または仮ID）").FillAsync(credential.LoginId);
        await page.Field("パスワード").FillAsync(credential.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "アカウント情報編集" }).ClickAsync();
        await page.Field("メールアドレス").FillAsync(email);
        await page.Field("メールアドレス（確認）").FillAsync(email);
        await page.Field("パスワード").FillAsync(Password);
        await page.Field("パスワード（確認）").FillAsync(Password);
        await page.Field("担当者名").FillAsync("事務長 田中");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認画面に進む" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "上記の内容に同意して確定する" }).ClickAsync();
        var mail = await app.WaitForMailAsync("メールアドレスの確認", to: email);
        await page.GotoAsync(EndToEndApp.LinkIn(mail, "/activation/complete"));
        await page.GetByRole(AriaRole.Button, new() { Name = "アカウント登録を完了する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "アカウント登録が完了しました" })).ToBeVisibleAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("メールアドレス（または仮ID）").FillAsync(email);
        await page.Field("パスワード").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "マイページ" })).ToBeVisibleAsync();
    }

    private async Task<IPage> OperatorAsync(PortalAppFactory app)
    {
        var (email, password) = await app.AddOperatorAsync();
        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await page.LogInAsync(app, email, password);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "業務メニュー" })).ToBeVisibleAsync();
        return page;
    }

    private static async Task<string> ReceiptOnPageAsync(IPage page, string prefix)
    {
        var text = await page.Locator(".receipt__number").InnerTextAsync();
        var match = Regex.Match(text, prefix + @"-\d{4}-\d{6}");
        Assert.True(match.Success, text);
        return match.Value;
    }

    /// <summary>The copy (控え) opens as a PDF and carries the receipt number.</summary>
    private static async Task AssertCopyAsync(IPage page, string receipt)
    {
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "控え（PDF）をダウンロードする" }).ClickAsync());
        var path = await download.PathAsync();
        Assert.Contains(receipt, FilingScenario.PdfText(await File.ReadAllBytesAsync(path)));
    }
}
