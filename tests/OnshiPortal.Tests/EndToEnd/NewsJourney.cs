using System.Net;
using Microsoft.Playwright;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// Flow 7 in a real browser: an operator writes a notice, previews it, confirms and publishes it; a reader finds
/// it on the top page and reads it. Every page is checked with axe-core and kept as a screenshot (91-99).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NewsJourney(Browser browser)
{
    [Fact]
    public async Task An_operator_publishes_a_notice_and_a_reader_reads_it_from_the_top_page()
    {
        await using var app = await EndToEndApp.StartAsync();
        var (email, password) = await app.AddOperatorAsync();
        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await page.LogInAsync(app, email, password);

        await page.GotoAsync("/operator");
        await page.GetByRole(AriaRole.Link, new() { Name = "お知らせの管理" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "お知らせの管理", Level = 1 })).ToBeVisibleAsync();
        await page.CheckPageAsync("91-news-admin");

        await page.GetByRole(AriaRole.Link, new() { Name = "お知らせを作成する" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "確認画面へ進む" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Input_Title-error")).ToHaveTextAsync("件名を入力してください。");
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("本文を入力してください。");
        await page.CheckPageAsync("92-news-write-errors");

        await page.Field("件名").FillAsync("オンライン資格確認の原則義務化と経過措置について");

        await page.Field("分類").SelectOptionAsync("3"); // 経過措置
        await page.Field("本文").FillAsync("""
            本年4月からオンライン資格確認の導入が**原則義務化**されます。

            ## 経過措置の届出
            - やむを得ない事情がある保険医療機関・薬局は、3月31日までに届け出てください。
            - 届出にはポータルサイトのアカウント登録が必要です。

            [詳細はこちら](javascript:alert(1))

            <script>alert('xss')</script>
            """);
        await page.GetByRole(AriaRole.Button, new() { Name = "確認画面へ進む" }).ClickAsync();

        // The preview: as readers will see it, the typed script shown as text.
        var preview = page.GetByRole(AriaRole.Region, new() { Name = "プレビュー" });
        await Assertions.Expect(preview.GetByRole(AriaRole.Heading, new() { Name = "経過措置の届出", Level = 2 })).ToBeVisibleAsync();
        await Assertions.Expect(preview.Locator("strong")).ToHaveTextAsync("原則義務化");
        await Assertions.Expect(preview).ToContainTextAsync("<script>alert('xss')</script>");
        await Assertions.Expect(preview.Locator("script")).ToHaveCountAsync(0);
        await page.AssertHeadingsInOrderAsync();
        await page.CheckPageAsync("93-news-preview");

        await page.GetByRole(AriaRole.Button, new() { Name = "入力画面に戻る" }).ClickAsync();
        await Assertions.Expect(page.Field("件名")).ToHaveValueAsync("オンライン資格確認の原則義務化と経過措置について");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認画面へ進む" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "上記の内容で確定する" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("お知らせを保存しました（非公開）");
        await page.CheckPageAsync("94-news-saved");
        await page.GetByRole(AriaRole.Button, new() { Name = "公開する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("公開しました。");
        await Assertions.Expect(page.Locator(".summary-list")).ToContainTextAsync("公開中");
        await page.CheckPageAsync("95-news-published");

        await page.GetByRole(AriaRole.Link, new() { Name = "お知らせの管理" }).ClickAsync();
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync("公開中");
        await page.CheckPageAsync("96-news-admin-list");

        // A reader, not logged in.
        var reader = await browser.NewPageAsync(app.LocalhostAddress());
        await reader.GotoAsync("/");
        var news = reader.GetByRole(AriaRole.Region, new() { Name = "お知らせ" });
        await Assertions.Expect(news).ToContainTextAsync("経過措置");
        await reader.CheckPageAsync("97-top-with-news");
        await news.GetByRole(AriaRole.Link, new() { Name = "オンライン資格確認の原則義務化と経過措置について" }).ClickAsync();

        await Assertions.Expect(reader.GetByRole(AriaRole.Heading, new() { Name = "オンライン資格確認の原則義務化と経過措置について", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(reader.GetByRole(AriaRole.Heading, new() { Name = "経過措置の届出", Level = 2 })).ToBeVisibleAsync();
        await Assertions.Expect(reader.Locator(".notice-body script")).ToHaveCountAsync(0);
        await reader.AssertHeadingsInOrderAsync();

        // The link the sanitiser took the target of is plain text: neither drawn as a link nor in the tab order.
        await Assertions.Expect(reader.Locator(".notice-body")).ToContainTextAsync("詳細はこちら");
        await Assertions.Expect(reader.Locator(".notice-body a")).ToHaveCountAsync(0);
        await Assertions.Expect(reader.GetByText("詳細はこちら")).ToHaveCSSAsync("text-decoration-line", "none");
        await reader.CheckPageAsync("98-news-detail");

        await reader.GetByRole(AriaRole.Link, new() { Name = "お知らせ一覧へ戻る" }).ClickAsync();
        await reader.Field("分類").SelectOptionAsync("3");
        await reader.GetByRole(AriaRole.Button, new() { Name = "絞り込む" }).ClickAsync();
        await Assertions.Expect(reader.GetByRole(AriaRole.Status)).ToContainTextAsync("1件");
        await reader.CheckPageAsync("99-news-list");
    }
}
