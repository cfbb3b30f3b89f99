using Microsoft.Playwright;
using OnshiPortal.Features.Account;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// What the whole site must do whatever the page (WCAG 2.2 AA): reflow at 320 CSS px (a 1280 px window at 400 %
/// zoom, so 200 % too) without sideways scrolling, print the check and 控え pages as content on paper, and be
/// checked by axe with its WCAG 2.2 rules.
/// </summary>
[Collection(DocumentBrowserCollection.Name)]
public sealed class LayoutJourney(Browser browser)
{
    private static readonly string[] ClinicPages =
    [
        "/", "/news", "/mypage", "/mypage/succession", "/mypage/deferral", "/mypage/succession/about",
        "/account", "/account/password", "/account/email", "/account/two-factor", "/account/sessions", "/account/notifications",
    ];

    private static readonly string[] PublicPages = ["/", "/login", "/register", "/account/forgot", "/news"];

    [Fact]
    public async Task The_main_clinic_and_operator_pages_reflow_at_320_css_px_without_sideways_scrolling()
    {
        await using var app = await EndToEndApp.StartAsync(new ManualClock(FilingScenario.March2023));
        var records = await app.ImportGeneratedAsync(30, seed: 57);
        var institution = records.First(r => r.ClosedOn is null);
        var failures = new List<string>();

        var visitor = await browser.NewPageAsync(app.LocalhostAddress());
        await visitor.SetViewportSizeAsync(320, 640);
        foreach (var path in PublicPages)
        {
            failures.AddRange(await SidewaysScrollAsync(visitor, path));
        }

        var clinic = await browser.NewPageAsync(app.LocalhostAddress());
        await FilingJourney.ActivateAsync(app, clinic, institution.Code.Value, "narrow@example.jp");
        await clinic.SetViewportSizeAsync(320, 640);
        foreach (var path in ClinicPages)
        {
            failures.AddRange(await SidewaysScrollAsync(clinic, path));
        }

        await clinic.GotoAsync("/mypage/succession");
        await clinic.AssertStepsWrapAsync();
        await clinic.CheckPageAsync("L1-succession-form-320px");

        var (email, password) = await app.AddOperatorAsync(Roles.Admin);
        var back = await browser.NewPageAsync(app.LocalhostAddress());
        await back.LogInAsync(app, email, password);
        await back.SetViewportSizeAsync(320, 640);
        string[] operatorPages =
        [
            "/operator", "/operator/institutions", "/operator/institutions?Criteria.Name=" + Uri.EscapeDataString(institution.Name[..1]),
            "/operator/institutions/" + institution.Code.Value, "/operator/campaigns", "/operator/dashboard",
            "/operator/filings/succession", "/operator/filings/deferral", "/operator/news", "/operator/news/write",
            "/operator/news/associations", "/operator/registrations/unconfirmed", "/operator/mail/dead",
        ];
        foreach (var path in operatorPages)
        {
            failures.AddRange(await SidewaysScrollAsync(back, path));
        }

        await back.GotoAsync("/operator/institutions/" + institution.Code.Value);
        await back.CheckPageAsync("L2-operator-institution-320px");
        await back.GotoAsync("/operator/dashboard");
        await back.CheckPageAsync("L3-operator-dashboard-320px");

        Assert.True(failures.Count == 0, "pages that scroll sideways at 320 CSS px:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task The_check_page_and_the_filing_copy_print_as_black_content_without_controls()
    {
        await using var app = await EndToEndApp.StartAsync(new ManualClock(FilingScenario.March2023));
        var records = await app.ImportGeneratedAsync(30, seed: 58);
        var institution = records.First(r => r.ClosedOn is null);
        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await FilingJourney.ActivateAsync(app, page, institution.Code.Value, "print@example.jp");

        await page.GotoAsync("/mypage/succession");
        await page.Field("新しい医療機関等コード").FillAsync(FilingScenario.NewCodeFor(institution, records).Value);
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
        await AssertPrintsAsContentAsync(page, "L4-succession-check-print");

        await page.GetByRole(AriaRole.Button, new() { Name = "上記の内容で確定する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "届出を受け付けました" })).ToBeVisibleAsync();
        var receipt = (await page.Locator(".receipt__number strong").InnerTextAsync()).Trim();
        await page.GotoAsync("/mypage/filings/" + receipt);
        await AssertPrintsAsContentAsync(page, "L5-filing-copy-print");

        // On paper a link to elsewhere shows where it goes.
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        var printedUrl = await page.EvaluateAsync<string>("""
            () => {
              const a = document.createElement('a');
              a.href = 'https://www.mhlw.go.jp/example';
              a.textContent = '厚生労働省';
              document.querySelector('main').append(a);
              return getComputedStyle(a, '::after').content;
            }
            """);
        Assert.Contains("https://www.mhlw.go.jp/example", printedUrl);

        // Chromium's own print: the PDF has the content and none of the controls.
        var pdf = FilingScenario.PdfText(await page.PdfAsync(new PagePdfOptions { Format = "A4" }));
        Assert.Contains(receipt, pdf);
        Assert.DoesNotContain("ログアウト", pdf);
        Assert.DoesNotContain("ダウンロードする", pdf);
    }

    [Fact]
    public async Task The_accessibility_check_includes_the_WCAG_2_2_target_size_rule()
    {
        var page = await browser.NewPageAsync(new Uri("http://localhost/"));
        await page.SetContentAsync("""
            <!DOCTYPE html><html lang="ja"><head><title>小さなボタン</title></head>
            <body><main><h1>小さなボタン</h1>
            <button style="width:12px;height:12px;padding:0;border:0">a</button><button style="width:12px;height:12px;padding:0;border:0">b</button>
            </main></body></html>
            """);

        var failure = await Assert.ThrowsAnyAsync<Xunit.Sdk.XunitException>(page.AssertAccessibleAsync);
        Assert.Contains("target-size", failure.Message);
    }

    /// <summary>The page at <paramref name="path"/>, and whether its document is wider than the window.</summary>
    private static async Task<IEnumerable<string>> SidewaysScrollAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        if (widths[0] <= widths[1])
        {
            return [];
        }

        var culprits = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('body *')]
              .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.table-scroll'))
              .slice(0, 5)
              .map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).replaceAll(' ', '.') : '') + ' ' + Math.round(e.getBoundingClientRect().right))
            """);
        return [$"{path}: {widths[0]} px wide in a {widths[1]} px window ({string.Join(", ", culprits)})"];
    }

    /// <summary>Emulates print media, checks what is printed, keeps a screenshot, and goes back to the screen.</summary>
    private static async Task AssertPrintsAsContentAsync(IPage page, string screenshotName)
    {
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await Assertions.Expect(page.Locator(".site-header__nav")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".breadcrumbs")).ToBeHiddenAsync();
        foreach (var button in await page.Locator("main button, main .button").AllAsync())
        {
            await Assertions.Expect(button).ToBeHiddenAsync();
        }

        await Assertions.Expect(page.Locator("main h1")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).ToHaveCSSAsync("color", "rgb(0, 0, 0)");
        await Assertions.Expect(page.Locator("body")).ToHaveCSSAsync("background-color", "rgb(255, 255, 255)");
        await Assertions.Expect(page.Locator("main a").First).ToHaveCSSAsync("color", "rgb(0, 0, 0)");
        await Assertions.Expect(page.Locator(".summary-list > div").First).ToHaveCSSAsync("break-inside", "avoid");
        await page.SaveScreenshotAsync(screenshotName);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
    }
}
