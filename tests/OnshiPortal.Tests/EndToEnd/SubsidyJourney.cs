using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Filings;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// Issue 19 as people do it: a clinic whose 運用開始日 is accepted claims the subsidy (costs, account, documents, the
/// computation on the check page), the reviewer accepts it, an Admin closes the month and registers the bank's result,
/// and the clinic sees 支払予定日 then 支払済 on the claim and on its road — on SQLite and PostgreSQL, axe on every page
/// (the reviewer's refused amount and 不交付 without a reason among them), the batch's summary PDF read back.
/// </summary>
public abstract class SubsidyJourney(Browser browser) : TwinJourney
{
    /// <summary>7 December 2026, 10:00 in Japan.</summary>
    private static readonly DateTimeOffset Today = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.FromHours(9)).ToUniversalTime();



    [Fact]
    public async Task A_clinic_claims_the_subsidy_and_sees_it_paid_after_the_month_is_closed()
    {
        var clock = new ManualClock(Today);
        await using var app = await EndToEndApp.StartAsync(clock, database: CreateDatabase());
        var records = await app.ImportGeneratedAsync(30, seed: 91);
        var clinic = records.First(r => r.ClosedOn is null && r.Code.Kind == Features.Institutions.InstitutionKind.Medical);
        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await FilingJourney.ActivateAsync(app, page, clinic.Code.Value, "subsidy@example.jp");
        await using (var db = app.Database.CreateContext())
        {
            await db.Institutions.Where(i => i.Code == clinic.Code.Value).ExecuteUpdateAsync(s => s.SetProperty(i => i.Beds, (int?)null));
        }

        // The road before the claim (its own journey is ProcedureJourney): 利用申請 and 運用開始日, each accepted.
        await app.AcceptedServiceApplicationAsync("subsidy@example.jp", terminals: 1);
        var start = await app.FileAsync("subsidy@example.jp", FilingType.OperationStart, new() { ["startDate"] = "2026-12-07" });
        Assert.Null(await app.AcceptAsync(start.Id));

        await page.GotoAsync("/mypage/procedures/subsidy");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "医療情報化支援基金 補助金の交付申請（実績報告）" })).ToBeVisibleAsync();
        await page.Locator("#Values_costCardReader").FillAsync("100000");
        await page.Locator("#Values_costTerminal").FillAsync("400000");
        await page.Locator("#Values_costSystemChange").FillAsync("900000");
        await page.Locator("#Values_bankCode").FillAsync("0005");
        await page.Locator("#Values_branchCode").FillAsync("001");
        await page.GetByLabel("普通").CheckAsync();
        await page.Locator("#Values_accountNumber").FillAsync("1234567");
        await page.Locator("#Values_holderName").FillAsync("イリョウホウジン　サクラカイ");
        await page.Locator("#Documents_receipt").SetInputFilesAsync(new FilePayload { Name = "領収書.pdf", MimeType = "application/pdf", Buffer = FilingScenario.Pdf("receipt") });
        await page.Locator("#Documents_receiptBreakdown").SetInputFilesAsync(new FilePayload { Name = "内訳書.pdf", MimeType = "application/pdf", Buffer = FilingScenario.Pdf("breakdown") });
        await page.Locator("#Documents_completionReport").SetInputFilesAsync(new FilePayload { Name = "完了報告書.pdf", MimeType = "application/pdf", Buffer = FilingScenario.Pdf("report") });
        await CheckPageAsync(page, "1-claim-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認画面へ進む" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "入力内容の確認" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("補助金の額 575,000円");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("ｲ)ｻｸﾗｶｲ");
        await CheckPageAsync(page, "2-claim-check");
        await page.GetByRole(AriaRole.Button, new() { Name = "上記の内容で確定する" }).ClickAsync();
        var receipt = Regex.Match(await page.Locator(".receipt__number").InnerTextAsync(), @"H-\d{4}-\d{6}").Value;
        Assert.NotEmpty(receipt);

        // The reviewer reads the computation beside the documents and accepts.
        var (email, password) = await app.AddOperatorAsync(Roles.Admin);
        var admin = await browser.NewPageAsync(app.LocalhostAddress());
        await admin.LogInAsync(app, email, password);
        await admin.GotoAsync($"/operator/filings/subsidy/{receipt}");
        await Assertions.Expect(admin.Locator("main")).ToContainTextAsync("資格確認端末: 費用 400,000円");
        await CheckPageAsync(admin, "3-review");

        // The reviewer's other decisions refuse what the rules do not allow, each error beside its own field: an amount
        // above what the rules computed, a change or a 不交付 without its reason. Nothing changes.
        await admin.UntilStyledAsync();
        await admin.Locator("#Amount").FillSurelyAsync("600000");
        await admin.Locator("#Decision-amount").FillSurelyAsync("領収書のとおり");
        // Submitted through the button's own form: a click can land beside it while the embedded PDF viewers of the
        // documents still move the page (the preview's note above).
        await admin.GetByRole(AriaRole.Button, new() { Name = "交付額を変更する" }).SubmitAsync("**handler=Amount");
        await Assertions.Expect(admin.Locator("#Amount-error")).ToContainTextAsync("575,000");
        await CheckPageAsync(admin, "3b-review-amount-refused");
        await admin.UntilStyledAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "不交付にする" }).SubmitAsync("**handler=Refuse");
        await Assertions.Expect(admin.Locator("#Decision-refuse-error")).ToBeVisibleAsync();
        await Assertions.Expect(admin.Locator("#Decision-refuse")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(admin.Locator(".error-summary a[href='#Decision-refuse']")).ToHaveCountAsync(1);
        await CheckPageAsync(admin, "3c-review-refusal-without-reason");
        // The preview by its address, and the click once the page is whole: a click while the documents' embedded PDF
        // viewers are still loading may not reach its button.
        await admin.GotoAsync($"/operator/filings/subsidy/{receipt}?handler=Accept");
        await admin.UntilStyledAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "受理を確定する" }).SubmitAsync("**done=*");
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("受理しました");

        // The month's close, then the bank's result with nothing returned.
        await admin.GotoAsync("/operator/subsidy/payments");
        await admin.Locator("#Month").FillAsync("2026-12");
        await admin.GetByRole(AriaRole.Button, new() { Name = "この月を締める" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("支払バッチ 2026-12-1（1件、575,000円");
        await CheckPageAsync(admin, "4-payments-closed");
        var download = await admin.RunAndWaitForDownloadAsync(() => admin.GetByRole(AriaRole.Link, new() { Name = "明細（PDF）" }).ClickAsync());
        var pdf = Path.Combine(Directory.CreateTempSubdirectory("onshi-e2e-subsidy-").FullName, download.SuggestedFilename);
        await download.SaveAsAsync(pdf);
        Assert.Equal("payments-2026-12-1.pdf", download.SuggestedFilename);
        var summary = string.Concat(FilingScenario.PdfText(await File.ReadAllBytesAsync(pdf)).Where(c => !char.IsWhiteSpace(c)));
        Assert.Contains($"{receipt}{clinic.Code.Value}", summary);
        Assert.Contains("合計金額575,000円", summary);

        await page.GotoAsync($"/mypage/filings/{receipt}");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "補助金の支払" })).ToContainTextAsync("令和9年1月20日");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "補助金の支払" })).ToContainTextAsync("支払予定日");
        await CheckPageAsync(page, "5-claim-scheduled");

        await admin.GetByRole(AriaRole.Button, new() { Name = "振込結果を登録する" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("振込結果を登録しました。");
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "補助金の支払" })).ToContainTextAsync("支払済");
        await CheckPageAsync(page, "6-claim-paid");

        // The road ends with the money: the subsidy's step says it was paid, and when.
        await page.GotoAsync("/mypage/road");
        var step = page.Locator(".road__step").Filter(new() { HasText = "補助金申請" });
        await Assertions.Expect(step).ToContainTextAsync("支払済");
        await Assertions.Expect(step).ToContainTextAsync("補助金575,000円を令和9年1月20日（2027年1月20日）に振り込みました。");
        await CheckPageAsync(page, "7-road-paid");
    }
}

[Collection(DocumentBrowserCollection.Name)]
public sealed class SubsidyJourneyOnSqlite(Browser browser) : SubsidyJourney(browser)
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();

    protected override string? ScreenshotPrefix => "sj";
}

[Collection(DocumentBrowserCollection.Name)]
public sealed class SubsidyJourneyOnPostgres(Browser browser) : SubsidyJourney(browser)
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();

    protected override string? ScreenshotPrefix => null;
}
