using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OnshiPortal.Features.Filings;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// The road after the account as a clinic walks it: 手続きの状況, 利用申請, カードリーダー (to its arrival), 電子証明書,
/// 運用開始日 — each filed on its form and accepted by an operator on the review page — on SQLite and PostgreSQL; the
/// 利用申請 saved halfway (途中保存) and resumed from マイページ first.
/// </summary>
public abstract partial class ProcedureJourney(Browser browser) : TwinJourney
{
    /// <summary>7 December 2026, 10:00 in Japan.</summary>
    private static readonly DateTimeOffset Today = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.FromHours(9)).ToUniversalTime();



    [Fact]
    public async Task A_clinic_walks_the_road_to_operation_and_the_operator_accepts_each_step()
    {
        await using var app = await EndToEndApp.StartAsync(new ManualClock(Today), database: CreateDatabase());
        var records = await app.ImportGeneratedAsync(30, seed: 91);
        var clinic = records.First(r => r.ClosedOn is null && r.Code.Kind == Features.Institutions.InstitutionKind.Medical);
        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await FilingJourney.ActivateAsync(app, page, clinic.Code.Value, "road@example.jp");
        var operatorPage = await OperatorAsync(app);

        await page.GetByRole(AriaRole.Link, new() { Name = "マイページ" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "手続きの状況を見る（運用開始までの流れ）" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "手続きの状況", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".road")).ToContainTextAsync("利用申請をしてください");
        await CheckPageAsync(page, "1-road-start");

        // 利用申請: a mistake first, said beside its field; then the check page and the receipt.
        await page.GetByRole(AriaRole.Link, new() { Name = "利用申請をする" }).ClickAsync();
        await page.GetByLabel("光回線（フレッツ光等のIP-VPN接続）").CheckAsync();
        await page.Locator("#Values_customerId").FillAsync("CAF1234567890");
        await page.Locator("#Values_plannedMonth").FillAsync("2027-02");
        await page.Locator("#Values_terminals").FillAsync("51");
        await page.Locator("#Values_vendorName").FillAsync("株式会社オンライン資格システムズ");
        await page.Locator("#Values_vendorContact").FillAsync("山田 次郎");
        await page.Locator("#Values_vendorPhone").FillAsync("03-5555-0101");

        // 途中保存, listed on マイページ, then 続きから入力: the form comes back with what was entered.
        await page.GetByRole(AriaRole.Button, new() { Name = "途中保存" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("途中保存しました");
        await page.GotoAsync("/mypage");
        var drafts = page.GetByRole(AriaRole.Region, new() { Name = "入力途中の手続き" });
        await Assertions.Expect(drafts).ToContainTextAsync("オンライン資格確認 利用申請");
        await CheckPageAsync(page, "1b-draft-on-mypage");
        await drafts.GetByRole(AriaRole.Link, new() { Name = "続きから入力" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Values_customerId")).ToHaveValueAsync("CAF1234567890");
        await Assertions.Expect(page.Locator("#Values_terminals")).ToHaveValueAsync("51");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認画面へ進む" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("資格確認端末の台数は1から50までの数で入力してください。");
        await CheckPageAsync(page, "2-application-error");
        await page.Locator("#Values_terminals").FillAsync("1");
        var application = await ConfirmAsync(page, "A", "3-application-check");
        await AcceptAsync(operatorPage, "service-application", application, "4-operator-application");

        await page.GotoAsync("/mypage/road");
        await Assertions.Expect(page.Locator(".road")).ToContainTextAsync("受理されました（端末1台）");

        // カードリーダー: the master's address already filled in; one for a clinic.
        await page.GetByRole(AriaRole.Link, new() { Name = "カードリーダーを申し込む" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Values_postalCode")).ToHaveValueAsync(clinic.PostalCode);

        // Saved by mistake, then deleted from マイページ in a second step that says what is lost; the form is empty again.
        await page.Locator("#Values_recipient").FillAsync("まちがい");
        await page.GetByRole(AriaRole.Button, new() { Name = "途中保存" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("途中保存しました");
        await page.GotoAsync("/mypage");
        var saved = page.GetByRole(AriaRole.Region, new() { Name = "入力途中の手続き" });
        await saved.Locator("details.confirm > summary").ClickAsync();
        await Assertions.Expect(saved.Locator(".confirm__panel")).ToContainTextAsync("削除した内容は元に戻せません。");
        await CheckPageAsync(page, "5a-draft-delete-confirm");
        await saved.GetByRole(AriaRole.Button, new() { Name = "削除する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("途中保存した内容を削除しました。");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "入力途中の手続き" })).ToHaveCountAsync(0);
        await page.GotoAsync("/mypage/road");
        await page.GetByRole(AriaRole.Link, new() { Name = "カードリーダーを申し込む" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Values_recipient")).ToHaveValueAsync(string.Empty);
        await page.Locator("#Values_quantity").FillAsync("2");
        await page.Locator("#Values_recipient").FillAsync("事務長 田中");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認画面へ進む" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("あと1台まで申し込めます");
        await CheckPageAsync(page, "5-card-reader-limit");
        await page.Locator("#Values_quantity").FillAsync("1");
        var order = await ConfirmAsync(page, "R", null);
        await AcceptAsync(operatorPage, "card-reader", order, null);
        Assert.Null(await app.FulfilAsync(order, FilingState.Shipped, "1234-5678-9012"));
        await page.GotoAsync("/mypage/road");
        await page.GetByRole(AriaRole.Link, new() { Name = "到着を確認する" }).ClickAsync();
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync("1234-5678-9012");
        await CheckPageAsync(page, "6-card-reader-shipped");
        await page.GetByRole(AriaRole.Button, new() { Name = "到着を確認した" }).ClickAsync();
        await Assertions.Expect(page.Locator(".summary-list").First).ToContainTextAsync("到着確認済");

        // 電子証明書 for the one terminal; the operator issues it.
        await page.GotoAsync("/mypage/road");
        await page.GetByRole(AriaRole.Link, new() { Name = "電子証明書を申請する" }).ClickAsync();
        await page.Locator("#Values_terminal").FillAsync("1");
        await page.Locator("#Values_terminalName").FillAsync("受付1");
        var certificate = await ConfirmAsync(page, "C", null);
        await AcceptAsync(operatorPage, "certificate", certificate, null);
        Assert.Null(await app.FulfilAsync(certificate, FilingState.Issued));

        // 運用開始日, then the whole road as the clinic and as the call centre see it.
        await page.GotoAsync("/mypage/road");
        await page.GetByRole(AriaRole.Link, new() { Name = "運用開始日を登録する" }).ClickAsync();
        await page.Locator("#Values_startDate").FillAsync("2026-12-07");
        await CheckPageAsync(page, "7-operation-start-form");
        var start = await ConfirmAsync(page, "O", null);
        await AcceptAsync(operatorPage, "operation-start", start, null);
        await page.GotoAsync("/mypage/road");
        await Assertions.Expect(page.Locator(".road")).ToContainTextAsync("運用開始日は令和8年12月7日（2026年12月7日）です。");
        await Assertions.Expect(page.Locator(".road")).ToContainTextAsync("端末1台すべての電子証明書を発行しました。");
        await Assertions.Expect(page.Locator(".road")).ToContainTextAsync("完了しています（1台）。");
        await CheckPageAsync(page, "8-road-done");

        await operatorPage.GotoAsync($"/operator/institutions/{clinic.Code.Value}");
        await Assertions.Expect(operatorPage.GetByRole(AriaRole.Region, new() { Name = "手続きの状況" })).ToContainTextAsync("運用開始日は令和8年12月7日（2026年12月7日）です。");
        await CheckPageAsync(operatorPage, "9-call-centre-road");
    }

    /// <summary>確認画面へ進む then 上記の内容で確定する; returns the receipt number.</summary>
    private async Task<string> ConfirmAsync(IPage page, string prefix, string? checkpoint)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "確認画面へ進む" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "入力内容の確認" })).ToBeVisibleAsync();
        if (checkpoint is not null)
        {
            await CheckPageAsync(page, checkpoint);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "上記の内容で確定する" }).ClickAsync();
        var text = await page.Locator(".receipt__number").InnerTextAsync();
        var match = Regex.Match(text, prefix + @"-\d{4}-\d{6}");
        Assert.True(match.Success, text);
        return match.Value;
    }

    /// <summary>The operator opens the filing's review page and accepts it with the confirming click.</summary>
    private async Task AcceptAsync(IPage operatorPage, string slug, string receipt, string? checkpoint)
    {
        await operatorPage.GotoAsync($"/operator/filings/{slug}/{receipt}");
        await Assertions.Expect(operatorPage.GetByRole(AriaRole.Heading, new() { Name = "履歴" })).ToBeVisibleAsync();
        if (checkpoint is not null)
        {
            await CheckPageAsync(operatorPage, checkpoint);
        }

        await operatorPage.GetByRole(AriaRole.Link, new() { Name = "受理の内容を確認する" }).ClickAsync();
        await operatorPage.GetByRole(AriaRole.Button, new() { Name = "受理を確定する" }).ClickAsync();
        await Assertions.Expect(operatorPage.GetByRole(AriaRole.Status)).ToContainTextAsync("受理しました");
    }

    private async Task<IPage> OperatorAsync(PortalAppFactory app)
    {
        var (email, password) = await app.AddOperatorAsync();
        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await page.LogInAsync(app, email, password);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "業務メニュー" })).ToBeVisibleAsync();
        return page;
    }
}

[Collection(DocumentBrowserCollection.Name)]
public sealed class ProcedureJourneyOnSqlite(Browser browser) : ProcedureJourney(browser)
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();

    protected override string? ScreenshotPrefix => "r";
}

[Collection(DocumentBrowserCollection.Name)]
public sealed class ProcedureJourneyOnPostgres(Browser browser) : ProcedureJourney(browser)
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();

    protected override string? ScreenshotPrefix => null;
}
