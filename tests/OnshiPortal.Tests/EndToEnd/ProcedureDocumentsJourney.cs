using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// Named documents in a browser, on the 利用申請 given documents by configuration: a missing one said beside its
/// input, the check page's list, the reviewer's side-by-side view and a 差戻し naming one document, the correction
/// form marking it — axe clean at each step, on SQLite and PostgreSQL.
/// </summary>
public abstract partial class ProcedureDocumentsJourney(Browser browser) : TwinJourney
{
    /// <summary>7 December 2026, 10:00 in Japan.</summary>
    private static readonly DateTimeOffset Today = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.FromHours(9)).ToUniversalTime();

    private static readonly Dictionary<string, string?> Documents = new()
    {
        ["Procedures:Forms:ServiceApplication:Documents:0:Id"] = "receipt",
        ["Procedures:Forms:ServiceApplication:Documents:0:Label"] = "領収書（写）",
        ["Procedures:Forms:ServiceApplication:Documents:0:Hint"] = "支払先と金額がわかるもの",
        ["Procedures:Forms:ServiceApplication:Documents:1:Id"] = "report",
        ["Procedures:Forms:ServiceApplication:Documents:1:Label"] = "事業完了報告書",
    };

    /// <summary>A 1×1 PNG.</summary>
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");



    [Fact]
    public async Task A_clinic_attaches_named_documents_and_replaces_the_one_the_reviewer_returned()
    {
        await using var app = await EndToEndApp.StartAsync(new ManualClock(Today), Documents, CreateDatabase());
        var records = await app.ImportGeneratedAsync(30, seed: 91);
        var clinic = records.First(r => r.ClosedOn is null && r.Code.Kind == Features.Institutions.InstitutionKind.Medical);
        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await FilingJourney.ActivateAsync(app, page, clinic.Code.Value, "documents@example.jp");

        await page.GotoAsync("/mypage/procedures/service-application");
        await page.GetByLabel("光回線（フレッツ光等のIP-VPN接続）").CheckAsync();
        await page.Locator("#Values_customerId").FillAsync("CAF1234567890");
        await page.Locator("#Values_plannedMonth").FillAsync("2027-02");
        await page.Locator("#Values_terminals").FillAsync("1");
        await page.Locator("#Values_vendorName").FillAsync("株式会社オンライン資格システムズ");
        await page.Locator("#Values_vendorContact").FillAsync("山田 次郎");
        await page.Locator("#Values_vendorPhone").FillAsync("03-5555-0101");
        await page.GetByLabel("領収書（写）").SetInputFilesAsync(new FilePayload { Name = "領収書.png", MimeType = "image/png", Buffer = Png });
        await page.GetByRole(AriaRole.Button, new() { Name = "確認画面へ進む" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Documents_report-error")).ToHaveTextAsync("事業完了報告書を添付してください（PDF、JPEG、PNG）。");
        await Assertions.Expect(page.Locator(".field").Filter(new() { Has = page.Locator("#Documents_receipt") })).ToContainTextAsync("添付済み: 領収書.png");
        await CheckPageAsync(page, "1-documents-missing");

        await page.GetByLabel("事業完了報告書").SetInputFilesAsync(new FilePayload { Name = "報告書.pdf", MimeType = "application/pdf", Buffer = FilingScenario.Pdf("report") });
        await page.GetByRole(AriaRole.Button, new() { Name = "確認画面へ進む" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "入力内容の確認" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".document-files").First).ToContainTextAsync("領収書.png");
        await Assertions.Expect(page.Locator(".document-files").Last).ToContainTextAsync("報告書.pdf");
        await CheckPageAsync(page, "2-documents-check");
        await page.GetByRole(AriaRole.Button, new() { Name = "上記の内容で確定する" }).ClickAsync();
        var receipt = Regex.Match(await page.Locator(".receipt__number").InnerTextAsync(), @"A-\d{4}-\d{6}").Value;

        // The reviewer sees both documents side by side and returns the receipt.
        var (email, password) = await app.AddOperatorAsync();
        var reviewer = await browser.NewPageAsync(app.LocalhostAddress());
        await reviewer.LogInAsync(app, email, password);
        await reviewer.GotoAsync($"/operator/filings/service-application/{receipt}");
        await Assertions.Expect(reviewer.Locator(".document-view")).ToHaveCountAsync(2);
        await Assertions.Expect(reviewer.GetByRole(AriaRole.Img, new() { Name = "領収書（写）：領収書.png" })).ToBeVisibleAsync();
        Assert.True(await reviewer.GetByRole(AriaRole.Img, new() { Name = "領収書（写）：領収書.png" }).EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 1"));
        await Assertions.Expect(reviewer.Locator("iframe[title='事業完了報告書：報告書.pdf']")).ToHaveCountAsync(1);
        await CheckPageAsync(reviewer, "3-documents-review");
        await reviewer.GetByLabel("差戻しの理由").FillSurelyAsync("領収書の宛名が医療機関等の名称と違います。");
        await reviewer.GetByRole(AriaRole.Checkbox, new() { Name = "領収書（写）" }).CheckAsync();
        // Submitted through the button's own form, as the subsidy's review does: beside the documents' embedded PDF
        // viewers a click can land beside its button or its submission be dropped (a CI run: reason and checkbox set,
        // nothing posted).
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "差し戻す" }).SubmitAsync("**done=returned");
        await Assertions.Expect(reviewer.GetByRole(AriaRole.Status)).ToContainTextAsync("差し戻しました");

        // The clinic is told which document to replace, and the correction form marks it.
        await page.GotoAsync($"/mypage/filings/{receipt}");
        await Assertions.Expect(page.Locator(".documents-to-replace")).ToHaveTextAsync("領収書（写）");
        await CheckPageAsync(page, "4-documents-returned");
        await page.GetByRole(AriaRole.Link, new() { Name = "修正して再提出する" }).ClickAsync();
        await Assertions.Expect(page.Locator(".field--replace")).ToContainTextAsync("差戻しで差し替えを求められた書類です。");
        await Assertions.Expect(page.Locator(".field").Filter(new() { Has = page.Locator("#Documents_report") })).ToContainTextAsync("前回提出した書類: 報告書.pdf");
        await CheckPageAsync(page, "5-documents-correction");
        await page.GetByLabel("領収書（写）").SetInputFilesAsync(new FilePayload { Name = "領収書（再）.png", MimeType = "image/png", Buffer = Png });
        await page.GetByRole(AriaRole.Button, new() { Name = "確認画面へ進む" }).ClickAsync();
        await Assertions.Expect(page.GetByText("前回提出した書類をそのまま提出します。")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "上記の内容で確定する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "届出を受け付けました" })).ToBeVisibleAsync();
    }
}

[Collection(DocumentBrowserCollection.Name)]
public sealed class ProcedureDocumentsJourneyOnSqlite(Browser browser) : ProcedureDocumentsJourney(browser)
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();

    protected override string? ScreenshotPrefix => "pd-";
}

[Collection(DocumentBrowserCollection.Name)]
public sealed class ProcedureDocumentsJourneyOnPostgres(Browser browser) : ProcedureDocumentsJourney(browser)
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();

    protected override string? ScreenshotPrefix => null;
}
