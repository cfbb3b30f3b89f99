using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Campaigns.FollowUps;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// A direct mailing in a real browser: an operator creates a campaign, checks the counts, issues it, makes the print
/// data and downloads a PDF; the credential printed in it then activates an institution's account.
/// </summary>
[Collection(DocumentBrowserCollection.Name)]
public sealed partial class CampaignJourney(Browser browser)
{
    [Fact]
    public async Task An_operator_issues_a_campaign_and_a_printed_credential_activates_an_account()
    {
        await using var app = await EndToEndApp.StartAsync();
        await app.ImportAsync(CampaignScenario.Records(12));
        var (email, password) = await app.AddOperatorAsync(Roles.Admin);
        var page = await browser.NewPageAsync(app.LocalhostAddress());

        await page.LogInAsync(app, email, password);

        // The footer gives the call centre's hours beside its number (the seed's, by default).
        await Assertions.Expect(page.Locator(".site-footer")).ToContainTextAsync("0800-0804583（通話無料）月曜日～金曜日 8:00～18:00 土曜日 8:00～16:00（いずれも祝日を除く）");
        await page.GetByRole(AriaRole.Link, new() { Name = "ダイレクトメールの発送" }).ClickAsync();

        // Nothing chosen: the reasons in Japanese, beside each field and on top.
        await page.GetByRole(AriaRole.Button, new() { Name = "対象を抽出する" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("発送の種類を選んでください。");
        await page.CheckPageAsync("111-campaign-form-errors");

        await page.GetByLabel("未登録の医療機関等へのご案内（別添1）").CheckAsync();
        await page.Field("名称").FillAsync("令和5年2月 再発送");
        await page.Field("基準日").FillAsync("2023-01-15");
        await page.Field("発送日").FillAsync("2023-02-03");

        // The dated sentences start from the seed's 2023 ones; the operator puts this mailing's dates in.
        await Assertions.Expect(page.Field("施行の文")).ToHaveValueAsync(new Regex("令和5年4月1日より施行されます。$"));
        await Assertions.Expect(page.Field("経過措置の文")).ToHaveValueAsync(new Regex("令和4年度末時点"));
        await page.Field("経過措置の文").FillAsync(Transition);
        await page.GetByRole(AriaRole.Button, new() { Name = "対象を抽出する" }).ClickAsync();

        // The draft: counts by prefecture and kind to check before anything is issued.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "令和5年2月 再発送" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("tfoot")).ToContainTextAsync("12");
        await page.CheckPageAsync("112-campaign-draft-counts");

        // The check page before 発行: the sentences as the letters will print them (bold where ** marked it).
        var sentences = page.Locator("#letter-sentences");
        await Assertions.Expect(sentences).ToContainTextAsync("令和5年4月1日より施行されます。");
        await Assertions.Expect(sentences).ToContainTextAsync("また、令和9年3月31日時点でやむを得ない事情がある保険医療機関・薬局は、届出により導入の義務が猶予されます。");
        await Assertions.Expect(sentences.Locator("strong")).ToHaveTextAsync("令和9年3月31日時点でやむを得ない事情がある保険医療機関・薬局は、届出により導入の義務が猶予されます。");
        await Assertions.Expect(page.Locator(".summary-list").First).ToContainTextAsync("事前届出の期限遅くとも令和5年3月31日（2023年3月31日）までに");
        await sentences.ScrollIntoViewIfNeededAsync();
        await page.CheckPageAsync("171-campaign-draft-sentences");

        await page.GetByRole(AriaRole.Button, new() { Name = "12件を発行する" }).ClickAsync();
        var export = page.GetByRole(AriaRole.Button, new() { Name = "印刷データを作成する" });
        await Assertions.Expect(export).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await page.CheckPageAsync("113-campaign-issued");
        await export.ClickAsync();

        var pdfLink = page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(@"^campaign-\d+-0001\.pdf$") });
        await Assertions.Expect(pdfLink).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await page.CheckPageAsync("114-campaign-exported");
        // A file of 12 letters streamed from the database: more than the default 15 s on a loaded CI machine (seen once).
        var download = await page.RunAndWaitForDownloadAsync(() => pdfLink.ClickAsync(), new() { Timeout = 60_000 });
        var pdf = Path.Combine(Directory.CreateTempSubdirectory("onshi-e2e-pdf-").FullName, download.SuggestedFilename);
        await download.SaveAsAsync(pdf);

        // The download is in the campaign's log: who took which file, when.
        await page.ReloadAsync();
        var log = page.GetByRole(AriaRole.Table, new() { Name = "印刷データのダウンロード履歴（新しいものが先）" });
        await Assertions.Expect(log).ToContainTextAsync(email);
        await Assertions.Expect(log).ToContainTextAsync(download.SuggestedFilename);
        await page.CheckPageAsync("115-campaign-download-log");

        // The first letter of the file, as the institution reads it.
        Assert.Equal(24, PdfTools.PageCount(pdf));
        var front = PdfTools.Pages(pdf)[0];
        var loginId = LoginIdLine().Match(front).Groups[1].Value;
        var temporaryPassword = PasswordLine().Match(front).Groups[1].Value;
        Assert.Matches(@"^\d{10}@01$", loginId);
        Assert.Equal(12, temporaryPassword.Length);
        Assert.Contains("令和9年3月31日時点でやむを得ない事情がある保険医療機関・薬局は、届出により導入の義務が猶予されます。", PdfTools.Compact(front));
        Assert.DoesNotContain("令和4年度末時点", PdfTools.Compact(front));

        // The institution, in its own browser: log in with the letter and activate the account.
        var clinic = await browser.NewPageAsync(app.LocalhostAddress());
        await clinic.GotoAsync("/login?id=" + Uri.EscapeDataString(loginId));
        await clinic.Field("パスワード").FillAsync(temporaryPassword);
        await clinic.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();
        await clinic.GetByRole(AriaRole.Link, new() { Name = "アカウント情報編集" }).ClickAsync();
        await clinic.Field("メールアドレス").FillAsync("dm-clinic@example.jp");
        await clinic.Field("メールアドレス（確認）").FillAsync("dm-clinic@example.jp");
        await clinic.Field("パスワード").FillAsync("fuyu-no-asa-no-shimobashira");
        await clinic.Field("パスワード（確認）").FillAsync("fuyu-no-asa-no-shimobashira");
        await clinic.Field("担当者名").FillAsync("事務 佐藤");
        await clinic.GetByRole(AriaRole.Button, new() { Name = "確認画面に進む" }).ClickAsync();
        await clinic.GetByRole(AriaRole.Button, new() { Name = "上記の内容に同意して確定する" }).ClickAsync();
        var link = EndToEndApp.LinkIn(await app.WaitForMailAsync("メールアドレスの確認"), "/activation/complete");
        await clinic.GotoAsync(link);
        await clinic.GetByRole(AriaRole.Button, new() { Name = "アカウント登録を完了する" }).ClickAsync();
        await Assertions.Expect(clinic.GetByRole(AriaRole.Heading, new() { Name = "アカウント登録が完了しました" })).ToBeVisibleAsync();

        // 30 days after the 発送日 the scheduler's job proposes the 再送 as a draft (run here as at that day's 8:00):
        // the list says it waits for approval, and its page counts the targets by prefecture before anyone issues it.
        await ProposeFollowUpsAsync(app, new DateTimeOffset(2023, 3, 5, 8, 0, 0, TimeSpan.FromHours(9)));
        await page.GotoAsync("/operator/campaigns");
        var waiting = page.Locator("#proposals-waiting");
        await Assertions.Expect(waiting).ToContainTextAsync("承認待ちの自動提案（1件）");
        await waiting.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.Locator("#proposal-note")).ToContainTextAsync("自動提案");
        var byPrefecture = page.GetByRole(AriaRole.Table, new() { Name = "都道府県・種別ごとの対象件数" });
        await Assertions.Expect(byPrefecture.Locator("tbody tr")).ToHaveCountAsync(47);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^\\d+件を発行する$") })).ToBeVisibleAsync();
        await page.CheckPageAsync("173-campaign-follow-up-proposal");

        // The dashboard: the mailing's response curve since its 発送日, with its table.
        await page.GotoAsync("/operator/dashboard");
        var curve = page.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("^令和5年2月 再発送（発送日 令和5年2月3日）の反応の推移の折れ線グラフ") });
        await Assertions.Expect(curve).ToBeVisibleAsync();
        await curve.ScrollIntoViewIfNeededAsync();
        await page.CheckPageAsync("174-dashboard-response-curve");
    }

    /// <summary>The follow-up job's run as the scheduler would start it at <paramref name="at"/> (the app itself runs on the real clock).</summary>
    private static async Task ProposeFollowUpsAsync(PortalAppFactory app, DateTimeOffset at)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var clock = new ManualClock(at.ToUniversalTime());
        var campaigns = ActivatorUtilities.CreateInstance<CampaignService>(scope.ServiceProvider, clock);
        var followUps = ActivatorUtilities.CreateInstance<CampaignFollowUps>(scope.ServiceProvider, campaigns, clock);
        var result = await followUps.ProposeDueAsync(CancellationToken.None);
        Assert.Single(result.Proposed);
    }

    [Fact]
    public async Task The_footer_gives_the_configured_call_centre_number_and_hours()
    {
        await using var app = await EndToEndApp.StartAsync(settings: new Dictionary<string, string?>
        {
            ["CallCentre:Phone"] = "0120-000-111",
            ["CallCentre:Hours"] = "平日 9:00～17:00（年末年始を除く）",
        });
        var page = await browser.NewPageAsync(app.LocalhostAddress());

        await page.GotoAsync("/");
        var footer = page.Locator(".site-footer");
        await Assertions.Expect(footer).ToContainTextAsync("オンライン資格確認等コールセンター 0120-000-111（通話無料）平日 9:00～17:00（年末年始を除く）");
        await Assertions.Expect(footer.GetByRole(AriaRole.Link, new() { Name = "0120-000-111" })).ToHaveAttributeAsync("href", "tel:0120-000-111");
        await footer.ScrollIntoViewIfNeededAsync();
        await page.CheckPageAsync("172-footer-call-centre-hours");
    }

    private const string Transition = "また、**令和9年3月31日時点でやむを得ない事情がある保険医療機関・薬局は、届出により導入の義務が猶予されます。**";

    [GeneratedRegex(@"(\d{10}@\d{2})")]
    private static partial Regex LoginIdLine();

    [GeneratedRegex(@"\d{10}@\d{2}\s+(\S{12})\s")]
    private static partial Regex PasswordLine();
}
