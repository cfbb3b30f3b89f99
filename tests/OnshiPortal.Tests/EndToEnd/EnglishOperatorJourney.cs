using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.News;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// The back office in English: after the header's button, ダイレクトメールの発送 with a new mailing and its page, the
/// 審査 list and a filing's review (受理 with its confirmation, 差戻し with its error), お知らせの管理 with a notice
/// written (an error first), published and circulated. Each page is checked by axe (e5-…). The Japanese journeys are
/// <see cref="CampaignJourney"/>, <see cref="FilingJourney"/> and <see cref="NewsJourney"/>.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EnglishOperatorJourney(Browser browser)
{
    [Fact]
    public async Task An_operator_works_in_English()
    {
        await using var app = await EndToEndApp.StartAsync(new ManualClock(FilingScenario.March2023));
        var records = await app.ImportGeneratedAsync(20, seed: 83);
        var institutions = records.Where(r => r.ClosedOn is null).Take(2).ToList();
        var receipts = new List<string>();
        foreach (var institution in institutions)
        {
            receipts.Add(await FileSuccessionAsync(app, institution, records));
        }

        Assert.All(receipts, r => Assert.Matches(@"^S-\d{4}-\d{6}$", r));

        List<string> associations;
        await using (var db = app.Database.CreateContext())
        {
            associations = await db.Set<Association>().OrderBy(a => a.SortOrder).Select(a => a.Name).ToListAsync();
        }

        // What stays as it is on an English page: the master's names and the seeded categories and associations
        // (README, "Languages").
        string[] data =
        [
            .. records.Select(r => r.Name), .. associations,
            "オンライン資格確認", "電子処方箋", "経過措置",
        ];

        var (email, password) = await app.AddOperatorAsync();
        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await page.LogInAsync(app, email, password);

        // ダイレクトメールの発送: the list, a form with an error, the new mailing's page.
        await page.GotoAsync("/operator/campaigns");
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Letter mailings", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("There are no mailings yet.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Select the targets" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("Choose the kind of mailing.");
        await page.AssertNoJapaneseAsync(data, "textarea");
        await page.CheckPageAsync("e5-campaigns-en");

        await page.GetByLabel("Letter to institutions without an account (Annex 1)").CheckAsync();
        await page.EnglishField("Name").FillAsync("February 2023 mailing");
        await page.EnglishField("Cutoff date").FillAsync("2023-01-15");
        await page.EnglishField("Letter date").FillAsync("2023-02-03");
        await page.GetByRole(AriaRole.Button, new() { Name = "Select the targets" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "February 2023 mailing", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "About this mailing" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".summary-list").First).ToContainTextAsync("Draft (not issued)");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^Issue \d+ letters$") })).ToBeVisibleAsync();
        await page.AssertNoJapaneseAsync(data, "#letter-sentences dd");
        await page.CheckPageAsync("e5-campaign-en");
        await page.GetByRole(AriaRole.Link, new() { Name = "Letter mailings" }).ClickAsync();
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync("February 2023 mailing");

        // The review list and a filing's review: 受理 through its confirmation.
        await page.GotoAsync("/operator/filings/succession");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Succession filing review", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("2");
        await page.AssertNoJapaneseAsync(data);
        await page.CheckPageAsync("e5-review-list-en");

        await page.GetByRole(AriaRole.Link, new() { Name = receipts[0] }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Succession filing " + receipts[0], Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Review", Exact = true })).ToBeVisibleAsync();
        await page.AssertNoJapaneseAsync(data);
        await page.CheckPageAsync("e5-review-en");
        await page.GetByRole(AriaRole.Link, new() { Name = "Check what accepting changes" }).ClickAsync();
        var confirmation = page.GetByRole(AriaRole.Region, new() { Name = "Confirm the acceptance" });
        await Assertions.Expect(confirmation).ToContainTextAsync("Received → Accepted (cannot be undone)");
        await Assertions.Expect(confirmation).ToContainTextAsync("Old code in the master");
        await page.AssertNoJapaneseAsync(data);
        await page.CheckPageAsync("e5-review-accept-confirm-en");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm the acceptance" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Accepted. The institution that filed it has been told by e-mail.");
        await page.AssertNoJapaneseAsync(data);
        await page.CheckPageAsync("e5-review-accepted-en");

        // 差戻し: the reason is required.
        await page.GotoAsync("/operator/filings/succession/" + receipts[1]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Return", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#Reason-error")).ToHaveTextAsync("Enter the reason for returning it (the institution that filed it gets it by e-mail).");
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("There is a problem with what you entered (1)");
        await page.AssertNoJapaneseAsync(data);
        await page.CheckPageAsync("e5-review-return-error-en");
        await page.EnglishField("Reason for returning it").FillAsync("The new founder's name does not match the certificate.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Return", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Returned. The institution that filed it has been sent the reason by e-mail.");
        await page.CheckPageAsync("e5-review-returned-en");

        // お知らせ: the contacts first, so that the notice has somewhere to go.
        await page.GotoAsync("/operator/news");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Manage news", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("There are no notices yet.");
        await page.AssertNoJapaneseAsync(data);
        await page.CheckPageAsync("e5-news-en");
        await page.GetByRole(AriaRole.Link, new() { Name = "Associations' contacts" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Associations' contacts", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel(associations[0], new() { Exact = true }).FillAsync("news@med.example.jp");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to check your answers" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Associations' contacts (check)", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync("(none)");
        await page.AssertNoJapaneseAsync(data);
        await page.CheckPageAsync("e5-associations-check-en");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The contacts are updated.");

        await page.GotoAsync("/operator/news");
        await page.GetByRole(AriaRole.Link, new() { Name = "Write a notice" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Write a notice", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to check your answers" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Input_Title-error")).ToHaveTextAsync("Enter a subject.");
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("Enter the body.");
        await page.AssertNoJapaneseAsync(data, "select");
        await page.CheckPageAsync("e5-news-write-errors-en");

        await page.EnglishField("Subject").FillAsync("Deferral filings close on 31 March");
        await page.EnglishField("Category").SelectOptionAsync("3");
        await page.EnglishField("Body").FillAsync("## Deferral filings\n\nFile by **31 March** if you cannot start in time.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to check your answers" }).ClickAsync();
        var preview = page.GetByRole(AriaRole.Region, new() { Name = "Preview" });
        await Assertions.Expect(preview.GetByRole(AriaRole.Heading, new() { Name = "Deferral filings", Level = 2 })).ToBeVisibleAsync();
        await page.AssertNoJapaneseAsync(data);
        await page.CheckPageAsync("e5-news-preview-en");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The notice is saved (unpublished).");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Published.");
        await Assertions.Expect(page.Locator(".summary-list")).ToContainTextAsync("Published");
        await page.AssertNoJapaneseAsync(data);
        await page.CheckPageAsync("e5-news-published-en");

        // Circulating: the mail itself is the operator's Japanese mail; the page around it is English.
        await page.GetByRole(AriaRole.Link, new() { Name = "Circulate to the associations" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Circulate to the associations", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main ul").Last).ToContainTextAsync("news@med.example.jp");
        await page.AssertNoJapaneseAsync(data, ".summary-list dd");
        await page.CheckPageAsync("e5-news-circulate-en");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send to the associations" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The notice has been e-mailed to the associations (1 in all).");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Circulations to the associations" })).ToBeVisibleAsync();
        await page.AssertNoJapaneseAsync(data);
        await page.CheckPageAsync("e5-news-circulated-en");
        await page.GetByRole(AriaRole.Link, new() { Name = "Manage news" }).ClickAsync();
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync("Yes (1)");
    }

    /// <summary>An institution activates its account and files a succession in the browser (entries in English).</summary>
    private async Task<string> FileSuccessionAsync(PortalAppFactory app, InstitutionRecord institution, IEnumerable<InstitutionRecord> records)
    {
        var email = $"clinic-{institution.Code.Value}@example.jp";
        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await FilingJourney.ActivateAsync(app, page, institution.Code.Value, email);

        await page.GotoAsync("/mypage/succession");
        await page.Field("新しい医療機関等コード").FillAsync(FilingScenario.NewCodeFor(institution, records).Value);
        await page.Field("新しいコードの有効開始日").FillAsync("2023-04-01");
        await page.GetByLabel("個人診療所の医療法人化").CheckAsync();
        await page.Field("新しい医療機関等の名称").FillAsync("Sakura Internal Medicine Clinic");
        await page.Field("新しい開設者").FillAsync("Medical Corporation Sakurakai");
        await page.Field("新しい所在地の郵便番号").FillAsync("100-0001");
        await page.Field("新しい所在地").FillAsync("1-1 Chiyoda, Chiyoda-ku, Tokyo");
        await page.Field("担当者名").FillAsync("Hanako Sato");
        await page.Field("担当者の電話番号").FillAsync("03-1234-5678");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認画面へ進む" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "上記の内容で確定する" }).ClickAsync();
        var number = await page.Locator(".receipt__number").InnerTextAsync();
        await page.Context.CloseAsync();
        return Regex.Match(number, @"S-\d{4}-\d{6}").Value;
    }
}
