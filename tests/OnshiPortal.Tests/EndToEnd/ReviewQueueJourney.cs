using Microsoft.Playwright;
using OnshiPortal.Features.Filings;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// Issue 18, the operator's side in a browser: the one queue filtered, two 利用申請 accepted together after one
/// confirmation, and a card reader order marked 発送済 with its tracking number.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReviewQueueJourney(Browser browser)
{
    [Fact]
    public async Task The_operator_filters_the_queue_accepts_two_filings_at_once_and_ships_a_card_reader()
    {
        await using var app = await EndToEndApp.StartAsync();
        var (_, institutions) = await app.QueueInstitutionsAsync(3, seed: 83, activate: false);
        var first = await app.FileAsync(institutions[0], FilingType.ServiceApplication, quantity: 2);
        var second = await app.FileAsync(institutions[1], FilingType.ServiceApplication, quantity: 1);
        var reader = await app.FileAsync(institutions[2], FilingType.CardReaderOrder, quantity: 1);

        var (email, password) = await app.AddOperatorAsync();
        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await page.LogInAsync(app, email, password);
        await page.GetByRole(AriaRole.Link, new() { Name = "届出・申請の審査" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "届出・申請の審査", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("3件");
        await page.CheckPageAsync("q1-review-queue");

        // Filtered to 利用申請 in 受付: the two applications, not the card reader order.
        await page.Field("手続き").SelectOptionAsync(new SelectOptionValue { Label = "利用申請" });
        await page.Field("状態").SelectOptionAsync(new SelectOptionValue { Label = "受付" });
        await page.GetByRole(AriaRole.Button, new() { Name = "絞り込む" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("2件");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = reader.ReceiptNumber })).ToHaveCountAsync(0);
        await page.CheckPageAsync("q1-review-queue-filtered");

        await page.GetByLabel($"{first.ReceiptNumber}を選択").CheckAsync();
        await page.GetByLabel($"{second.ReceiptNumber}を選択").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "選択した届出を受理する" }).ClickAsync();
        var confirmation = page.GetByRole(AriaRole.Region, new() { Name = "受理の確認" });
        await Assertions.Expect(confirmation).ToContainTextAsync("次の2件を受理します。");
        await Assertions.Expect(confirmation).ToContainTextAsync(first.ReceiptNumber);
        await Assertions.Expect(confirmation).ToContainTextAsync(second.InstitutionName);
        await page.CheckPageAsync("q1-bulk-confirm");
        await page.GetByRole(AriaRole.Button, new() { Name = "2件の受理を確定する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("2件を受理しました。受理できなかった届出は0件です。");
        await page.CheckPageAsync("q1-bulk-accepted");
        Assert.Equal(FilingState.Accepted, (await app.FilingAsync(first.ReceiptNumber)).State);
        Assert.Equal(FilingState.Accepted, (await app.FilingAsync(second.ReceiptNumber)).State);

        // The card reader order: accepted on its page, then 発送済 with the tracking number, which the history shows.
        await page.GotoAsync("/operator/filings/card-reader");
        await page.GetByRole(AriaRole.Link, new() { Name = reader.ReceiptNumber }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "受理の内容を確認する" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "受理を確定する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "受理後の手続き" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "発送済にする" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Note-error")).ToHaveTextAsync("追跡番号を入力してください。");
        await page.CheckPageAsync("q1-ship-error");
        await page.Field("追跡番号").FillAsync("1234-5678-9012");
        await page.GetByRole(AriaRole.Button, new() { Name = "発送済にする" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("手続きの状態を「発送済」にしました。");
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "届出の履歴（古い順）" })).ToContainTextAsync("1234-5678-9012");
        await page.CheckPageAsync("q1-shipped");
        Assert.Equal(FilingState.Shipped, (await app.FilingAsync(reader.ReceiptNumber)).State);

        // The dashboard's road: the two applications accepted (their institutions have no account in this data set).
        await page.GotoAsync("/operator/dashboard");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "運用開始までの道のり", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "月別の運用開始と利用申請の受理" })).ToContainTextAsync("2");
        await page.CheckPageAsync("q1-dashboard-road");
    }
}
