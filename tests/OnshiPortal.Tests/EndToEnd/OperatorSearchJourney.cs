using Microsoft.Playwright;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Institutions.Search;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// An operator, in a real browser: first login with the printed password, the forced change, the search of the
/// master, one institution's page. Every page is checked with axe-core and kept as a screenshot.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OperatorSearchJourney(Browser browser)
{
    [Fact]
    public async Task An_operator_logs_in_replaces_the_printed_password_and_finds_an_institution()
    {
        await using var app = await EndToEndApp.StartAsync();
        var records = await app.ImportGeneratedAsync(300, seed: 2023);
        var (email, password) = await app.AddOperatorAsync(Roles.Admin, keepInitialPassword: true);
        var target = records[7];

        var page = await browser.NewPageAsync(app.LocalhostAddress());

        await page.GotoAsync("/");
        await page.CheckPageAsync("01-top");
        await page.GetByRole(AriaRole.Link, new() { Name = "ログイン", Exact = true }).ClickAsync();

        // Nothing typed: a Japanese error beside each field and a summary on top.
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("メールアドレスを入力してください。");
        await Assertions.Expect(page.Locator("#Input_Email-error")).ToHaveTextAsync("メールアドレスを入力してください。");
        await page.CheckPageAsync("02-login-errors");

        await page.GetByLabel("メールアドレス").FillAsync(email);
        await page.GetByLabel("パスワード").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("メールアドレスまたはパスワードが正しくありません。");

        await page.GetByLabel("パスワード").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン" }).ClickAsync();
        await page.AnswerTwoFactorAsync(app, email);

        // The printed password must be replaced first.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/password$"));
        await page.CheckPageAsync("03-change-password");
        await page.GetByLabel("現在のパスワード").FillAsync(password);
        await page.GetByLabel("新しいパスワード", new() { Exact = true }).FillAsync("short");
        await page.GetByLabel("新しいパスワード（確認）").FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "変更する" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("12文字以上");
        await page.CheckPageAsync("04-change-password-errors");
        await page.GetByLabel("現在のパスワード").FillAsync(password);
        await page.GetByLabel("新しいパスワード", new() { Exact = true }).FillAsync("haru-no-umi-hinemosu-notari");
        await page.GetByLabel("新しいパスワード（確認）").FillAsync("haru-no-umi-hinemosu-notari");
        await page.GetByRole(AriaRole.Button, new() { Name = "変更する" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "業務メニュー" })).ToBeVisibleAsync();
        await page.CheckPageAsync("05-operator-menu");
        await page.GetByRole(AriaRole.Link, new() { Name = "医療機関等の検索" }).ClickAsync();
        await page.CheckPageAsync("06-search");

        // A code that is not digits: a Japanese error, no search.
        await page.GetByLabel("医療機関等コード").FillAsync("abc");
        await page.GetByRole(AriaRole.Button, new() { Name = "検索する" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Criteria_Code-error")).ToContainTextAsync("医療機関等コードは数字で入力してください");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "検索結果" })).ToHaveCountAsync(0);
        await page.CheckPageAsync("07-search-error");

        // Full-width digits with a hyphen, as typed from a letter with a Japanese IME.
        var fullWidth = string.Concat(target.Code.Value.Select(c => (char)(c - '0' + '０')));
        await page.GetByLabel("医療機関等コード").FillAsync(fullWidth[..2] + "－" + fullWidth[2..]);
        await page.GetByRole(AriaRole.Button, new() { Name = "検索する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("1件");
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync(target.Name);
        await page.CheckPageAsync("08-search-result");

        // The code as a caller misread it (two neighbours swapped, or its check digit): not 「0件」 but the reason and the
        // master's codes it may have been.
        var misheard = target.Code.Value[..9] + (char)('0' + ((target.Code.Value[9] - '0' + 1) % 10));
        Assert.True(MisheardCodes.CheckDigitFails(misheard));
        await page.GetByLabel("医療機関等コード").FillAsync(misheard);
        await page.GetByRole(AriaRole.Button, new() { Name = "検索する" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("検証番号（10桁目）が一致しません");
        var near = page.GetByRole(AriaRole.Table, new() { Name = "検証番号が一致する近いコード" });
        await Assertions.Expect(near.GetByRole(AriaRole.Link, new() { Name = target.Code.Value })).ToBeVisibleAsync();
        await Assertions.Expect(near).ToContainTextAsync(target.Name);
        await page.CheckPageAsync("08b-search-misheard-code");

        // By prefecture: many rows, paged.
        await page.GetByLabel("医療機関等コード").FillAsync(string.Empty);
        await page.GetByLabel("都道府県").SelectOptionAsync(target.Code.Prefecture.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "検索する" }).ClickAsync();
        var expected = records.Count(r => r.Code.Prefecture == target.Code.Prefecture);
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{expected}件");
        await page.CheckPageAsync("09-search-prefecture");

        await page.GetByLabel("都道府県").SelectOptionAsync(string.Empty);
        await page.GetByLabel("医療機関等コード").FillAsync(target.Code.Value);
        await page.GetByRole(AriaRole.Button, new() { Name = "検索する" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = target.Code.Value }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = target.Name, Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "医療機関等マスタ" })).ToContainTextAsync(target.Founder);

        // The code right under the name, above everything else on the page.
        var codeLine = page.Locator(".institution-code");
        await Assertions.Expect(codeLine).ToContainTextAsync(target.Code.Value);
        var codeTop = (await codeLine.BoundingBoxAsync())!.Y;
        var firstSectionTop = (await page.Locator("main section").First.BoundingBoxAsync())!.Y;
        Assert.True(codeTop < firstSectionTop, $"the code ({codeTop}) is below the first section ({firstSectionTop})");
        await page.CheckPageAsync("10-institution");

        await page.GetByRole(AriaRole.Button, new() { Name = "ログアウト" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "ログアウトしました" })).ToBeVisibleAsync();
        await page.CheckPageAsync("11-logged-out");
        await page.GotoAsync("/operator/institutions");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\?ReturnUrl="));

        await page.GotoAsync("/no-such-page");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "ページが見つかりません" })).ToBeVisibleAsync();
        await page.CheckPageAsync("12-not-found");
    }
}
