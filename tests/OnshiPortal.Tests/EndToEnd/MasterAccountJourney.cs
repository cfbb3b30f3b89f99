using Microsoft.Playwright;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.People;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// Issue 18 in a real browser: the 利用申請 is accepted, the institution follows the mail to its マスタアカウント通知
/// and downloads it once; its certificate is marked 発行済 and a Printer prints the notice from the print queue.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MasterAccountJourney(Browser browser)
{
    private const string Admin = "jimucho@clinic.example.jp";

    [Fact]
    public async Task The_institution_downloads_its_master_account_notice_once_and_a_printer_prints_the_certificate_notice()
    {
        await using var app = await EndToEndApp.StartAsync();
        var institution = (await app.ImportGeneratedAsync(20, seed: 18)).First(r => r.ClosedOn is null);
        var code = institution.Code.Value;
        await app.AddPersonAsync(code, Admin, InstitutionRole.Administrator, "事務長 山田");
        await app.AcceptedServiceApplicationAsync(Admin);
        var mail = await app.WaitForMailAsync("マスタアカウント通知", Admin);

        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await page.LogInAsync(app, Admin, PeopleScenario.Password);
        await page.GotoAsync(new Uri(EndToEndApp.LinkIn(mail, "/mypage/master-account")).PathAndQuery);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "マスタアカウント通知", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync($"{code}-P");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("一度だけダウンロードできます");
        await page.CheckPageAsync("m1-master-account-ready");

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "マスタアカウント通知をダウンロードする" }).ClickAsync());
        Assert.Equal($"master-account-{code}.txt", download.SuggestedFilename);
        var notice = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Contains($"{code}-P", notice);
        Assert.Contains($"{code}-T", notice);
        var (production, _) = NoticeScenario.PasswordsIn(notice);

        // Back on the page: downloaded, when and by whom, and no button any more; the password is not shown.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync($"{Admin}がダウンロードしました");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "マスタアカウント通知をダウンロードする" })).ToHaveCountAsync(0);
        Assert.DoesNotContain(production, await page.ContentAsync());
        await page.CheckPageAsync("m2-master-account-downloaded");

        // The certificate of terminal 1 is issued: its notice waits for the printer, who prints it once.
        await app.IssuedCertificateAsync(Admin, 1, "受付1");
        var (printerEmail, printerPassword) = await app.AddOperatorAsync(Roles.Printer);
        var printer = await browser.NewPageAsync(app.LocalhostAddress());
        await printer.LogInAsync(app, printerEmail, printerPassword);
        await printer.GetByRole(AriaRole.Link, new() { Name = "郵送物の印刷" }).ClickAsync();
        await Assertions.Expect(printer.GetByRole(AriaRole.Heading, new() { Name = "印刷待ち（1通）" })).ToBeVisibleAsync();
        await Assertions.Expect(printer.Locator("main")).ToContainTextAsync(institution.Name);
        await printer.CheckPageAsync("m3-print-queue");
        await printer.GetByRole(AriaRole.Button, new() { Name = "印刷バッチを締める（印刷待ちをすべてまとめる）" }).ClickAsync();
        await Assertions.Expect(printer.GetByRole(AriaRole.Status)).ToContainTextAsync("を締めました。");
        var batch = await printer.RunAndWaitForDownloadAsync(() =>
            printer.GetByRole(AriaRole.Link, new() { Name = "印刷データ（ZIP）をダウンロードする" }).ClickAsync());
        using (var zip = System.IO.Compression.ZipFile.OpenRead(await batch.PathAsync()))
        {
            await using var entry = zip.Entries.Single(e => e.Name == OnshiPortal.Features.PostalLetters.PrintBatches.PdfName(OnshiPortal.Features.PostalLetters.PostalLetterKind.CertificateNotice)).Open();
            using var bytes = new MemoryStream();
            await entry.CopyToAsync(bytes);
            var text = FilingScenario.PdfText(bytes.ToArray());
            Assert.Contains("電子証明書発行のお知らせ", text);
            Assert.Contains("受付1", text);
        }

        await printer.ReloadAsync();
        await Assertions.Expect(printer.Locator("main")).ToContainTextAsync("印刷待ちの郵送物はありません。");
        await Assertions.Expect(printer.Locator("main")).ToContainTextAsync(printerEmail);
        await printer.CheckPageAsync("m4-print-queue-printed");
    }
}
