using Microsoft.Playwright;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// Issue 17, a delegation from grant to expiry with a clock: the 管理者 delegates the deferral to the vendor's
/// engineer, who accepts from the mail, sets a password, logs in, acts for the institution and files the deferral;
/// after the end date the engineer no longer gets in. The app runs from 1 March 2023.
/// </summary>
[Collection(DocumentBrowserCollection.Name)]
public sealed class VendorJourney(Browser browser)
{
    private const string AdminEmail = "jimucho@vendor-journey.example.jp";
    private const string VendorEmail = "engineer@vendor.example.jp";
    private const string VendorPassword = "kaze-ga-fuite-kumo-ga-nagareru";

    [Fact]
    public async Task A_管理者_delegates_the_deferral_the_vendor_files_it_and_loses_access_after_the_end_date()
    {
        var clock = new ManualClock(FilingScenario.March2023);
        await using var app = await EndToEndApp.StartAsync(clock);
        var records = await app.ImportGeneratedAsync(30, seed: 91);
        var institution = records.First(r => r.ClosedOn is null);
        var admin = await browser.NewPageAsync(app.LocalhostAddress());
        await FilingJourney.ActivateAsync(app, admin, institution.Code.Value, AdminEmail);

        // The 管理者 finds the delegations on マイページ; a first try with nothing filled in says what is missing.
        await admin.GotoAsync("/mypage");
        await admin.GetByRole(AriaRole.Link, new() { Name = "ベンダーへの委任" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "ベンダーへの委任", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByText("まだ委任はありません。")).ToBeVisibleAsync();
        await admin.CheckPageAsync("v1-vendors-empty");
        await admin.GetByRole(AriaRole.Button, new() { Name = "委任の案内メールを送る" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".error-summary")).ToContainTextAsync("委任する手続きを1つ以上選んでください");
        await admin.AssertErrorSummaryInFieldOrderAsync();
        await admin.CheckPageAsync("v2-vendors-errors");

        await admin.Field("ベンダーの担当者のメールアドレス").FillAsync(VendorEmail);
        await admin.Field("担当者の氏名").FillAsync("保守 太郎");
        await admin.Field("会社名").FillAsync("株式会社オンラインシステム");
        await admin.GetByLabel("オンライン資格確認 経過措置（猶予）届出").CheckAsync();
        await admin.Field("委任の期限").FillAsync("2023-06-30");
        await admin.GetByRole(AriaRole.Button, new() { Name = "委任の案内メールを送る" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("委任の案内メールを送信しました");
        await Assertions.Expect(admin.Locator("table")).ToContainTextAsync("招待中");
        await admin.CheckPageAsync("v3-vendors-invited");

        // The engineer accepts from the mail and sets a password.
        var mail = await app.WaitForMailAsync("委任のご案内", to: VendorEmail);
        var vendor = await browser.NewPageAsync(app.LocalhostAddress());
        await vendor.GotoAsync(EndToEndApp.LinkIn(mail, "/vendor/accept"));
        await Assertions.Expect(vendor.GetByRole(AriaRole.Heading, new() { Name = "委任の受け入れ" })).ToBeVisibleAsync();
        await Assertions.Expect(vendor.Locator(".summary-list")).ToContainTextAsync(institution.Name);
        await Assertions.Expect(vendor.Locator(".summary-list")).ToContainTextAsync("経過措置届出");
        await Assertions.Expect(vendor.Locator(".summary-list")).ToContainTextAsync("令和5年6月30日");
        await vendor.CheckPageAsync("v4-vendor-accept");
        await vendor.Field("パスワード").FillAsync(VendorPassword);
        await vendor.Field("パスワード（確認）").FillAsync(VendorPassword);
        await vendor.GetByRole(AriaRole.Button, new() { Name = "パスワードを設定して受け入れる" }).ClickAsync();
        await Assertions.Expect(vendor.GetByRole(AriaRole.Status)).ToContainTextAsync("委任を受け入れました。");
        await vendor.CheckPageAsync("v5-vendor-accepted");

        // Logged in, the engineer lands on the institutions that delegated and chooses the one.
        await vendor.GetByRole(AriaRole.Link, new() { Name = "ログイン画面へ" }).ClickAsync();
        await vendor.LogInAsync(app, VendorEmail, VendorPassword);
        await Assertions.Expect(vendor.GetByRole(AriaRole.Heading, new() { Name = "委任元の一覧" })).ToBeVisibleAsync();
        Assert.Equal("/vendor", new Uri(vendor.Url).AbsolutePath);
        await Assertions.Expect(vendor.Locator("table")).ToContainTextAsync(institution.Code.Value);
        await vendor.CheckPageAsync("v6-vendor-home");
        await vendor.GetByRole(AriaRole.Button, new() { Name = $"この医療機関等の手続きを行う（{institution.Name}）" }).ClickAsync();
        await Assertions.Expect(vendor.GetByRole(AriaRole.Heading, new() { Name = "マイページ" })).ToBeVisibleAsync();
        await Assertions.Expect(vendor.GetByRole(AriaRole.Status)).ToContainTextAsync("からの委任により手続きを行っています");
        await Assertions.Expect(vendor.Locator(".site-header")).ToContainTextAsync(institution.Code.Value);
        await Assertions.Expect(vendor.GetByRole(AriaRole.Link, new() { Name = "オンライン資格確認関係 保険医療機関等承継届出" })).ToHaveCountAsync(0);
        await vendor.CheckPageAsync("v7-vendor-mypage");

        // The delegated deferral, filed by the engineer for the institution.
        await vendor.GetByRole(AriaRole.Link, new() { Name = "経過措置（猶予）届出" }).ClickAsync();
        await vendor.GetByLabel("1. システム整備中").CheckAsync();
        await vendor.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();
        await vendor.Locator("#Values_contractDate").FillAsync("2023-02-10");
        await vendor.Locator("#Values_vendor").FillAsync("株式会社オンラインシステム");
        await vendor.Locator("#Values_completion").FillAsync("2023-09-15");
        await vendor.Locator("#Attachments").SetInputFilesAsync(new FilePayload { Name = "注文書.pdf", MimeType = "application/pdf", Buffer = FilingScenario.Pdf("vendor-order") });
        await vendor.GetByRole(AriaRole.Button, new() { Name = "確認画面へ進む" }).ClickAsync();
        await vendor.GetByRole(AriaRole.Button, new() { Name = "上記の内容で確定する" }).ClickAsync();
        await Assertions.Expect(vendor.GetByRole(AriaRole.Heading, new() { Name = "届出を受け付けました" })).ToBeVisibleAsync();
        await vendor.CheckPageAsync("v8-vendor-deferral-receipt");
        await vendor.GetByRole(AriaRole.Button, new() { Name = "ログアウト" }).ClickAsync();

        // After the end date (30 June 2023, Japan time) the delegation has ended by itself.
        clock.Advance(new DateTimeOffset(2023, 7, 1, 9, 0, 0, TimeSpan.FromHours(9)) - clock.GetUtcNow());
        await vendor.LogInAsync(app, VendorEmail, VendorPassword);
        await vendor.GotoAsync("/mypage");
        Assert.Equal("/vendor", new Uri(vendor.Url).AbsolutePath);
        await Assertions.Expect(vendor.GetByText("現在有効な委任はありません", new() { Exact = false })).ToBeVisibleAsync();
        await Assertions.Expect(vendor.GetByRole(AriaRole.Region, new() { Name = "終了した委任" })).ToContainTextAsync("期限切れ");
        await Assertions.Expect(vendor.GetByRole(AriaRole.Button, new() { Name = $"この医療機関等の手続きを行う（{institution.Name}）" })).ToHaveCountAsync(0);
        await vendor.CheckPageAsync("v9-vendor-home-expired");

        var later = await browser.NewPageAsync(app.LocalhostAddress());
        await later.LogInAsync(app, AdminEmail, FilingJourney.Password);
        await later.GotoAsync("/mypage/vendors");
        await Assertions.Expect(later.Locator("table")).ToContainTextAsync("期限切れ");
        await later.CheckPageAsync("v10-vendors-expired");
    }
}
