using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Campaigns.Letters;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>The back office's campaign pages over HTTP: create, check the counts, issue and export in the background, download.</summary>
public abstract partial class CampaignPagesTests : DataTest
{
    [Fact]
    public async Task An_operator_creates_issues_exports_and_downloads_a_campaign_through_the_pages()
    {
        await using var app = await StartAppAsync();
        await app.ImportAsync(CampaignScenario.Records(5));
        var (email, password) = await app.AddOperatorAsync(Roles.Operator);
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, "/operator");

        // A request the service refuses comes back beside its field, and creates nothing.
        var (refused, refusedHtml) = await session.SubmitAsync("/operator/campaigns", Form("2023-01-10"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("発送日は基準日以降の日付にしてください。", refusedHtml);

        // The dated sentences: the form starts from the seed's 2023 ones; an empty one is refused in Japanese.
        var (_, form) = await session.GetAsync("/operator/campaigns");
        Assert.Contains(LetterSentences.Seed.Enforcement + "</textarea>", form);
        Assert.Contains("事前届出の期限", form);
        Assert.DoesNotContain("届出期限", form.Replace("事前届出の期限", string.Empty, StringComparison.Ordinal));
        var (_, emptyHtml) = await session.SubmitAsync("/operator/campaigns", new Dictionary<string, string>(Form("2023-02-03")) { ["Input.EnforcementSentence"] = "" });
        Assert.Contains("施行の文を入力してください。", emptyHtml);
        await using (var before = app.Database.CreateContext())
        {
            Assert.Empty(await before.Set<Campaign>().ToListAsync());
        }

        var (created, _) = await session.SubmitAsync("/operator/campaigns", new Dictionary<string, string>(Form("2023-02-03"))
        {
            ["Input.TransitionSentence"] = "また、**令和9年3月31日時点で**やむを得ない事情がある場合は届出ができます。",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var details = created.Headers.Location!.OriginalString;
        Assert.Matches(@"^/operator/campaigns/\d+$", details);

        // The check page shows the sentences as the letters print them, and the deadline in the letter's words.
        var (_, draft) = await session.GetAsync(details);
        Assert.Contains("5件を発行する", draft);
        Assert.Contains(NotFollowed, draft);
        Assert.Contains("また、<strong>令和9年3月31日時点で</strong>やむを得ない事情がある場合は届出ができます。", draft);
        Assert.Contains(LetterSentences.Seed.Enforcement, draft);
        Assert.Contains("<dt>事前届出の期限</dt><dd>遅くとも令和5年3月31日（2023年3月31日）までに</dd>", draft);
        Assert.DoesNotContain("<dt>届出期限</dt>", draft);
        var (issue, _) = await session.PostAsync(details + "?handler=Issue", draft, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.Redirect, issue.StatusCode);
        var issued = await WaitForAsync(session, details, "印刷データを作成する");
        Assert.Contains("発行済み 5件", issued);
        Assert.Contains(NotFollowed, issued);

        await session.PostAsync(details + "?handler=Export", issued, new Dictionary<string, string?>());
        var exported = await WaitForAsync(session, details, "manifest.csv</a>");

        // The operator who issued may not read the passwords: the PDFs are listed without a link and refused.
        Assert.DoesNotMatch(PdfLink(), exported);
        Assert.Contains("仮パスワードを含むため、印刷担当者または管理者がダウンロードします", exported);
        var pdfName = PdfName().Match(exported).Groups[1].Value;
        var refusedPdf = await session.Client.GetAsync(details + "?handler=File&name=" + Uri.EscapeDataString(pdfName));
        Refusals.AssertForbidden(refusedPdf);
        var manifest = await session.Client.GetAsync(details + "?handler=File&name=manifest.csv");
        Assert.Equal(HttpStatusCode.OK, manifest.StatusCode);
        Assert.DoesNotContain("仮パスワード", await manifest.Content.ReadAsStringAsync());
        Refusals.AssertNotStored(manifest);

        // A name outside the listing (a path, a hidden temporary file) is not served.
        Assert.Equal(HttpStatusCode.NotFound, (await session.Client.GetAsync(details + "?handler=File&name=..%2F..%2Fonshi.db")).StatusCode);

        // The Printer downloads the letters; they may not issue, export or create.
        var (printerEmail, printerPassword) = await app.AddOperatorAsync(Roles.Printer);
        var printer = new HttpSession(app.CreateBrowserLikeClient());
        await printer.LogInAsync(printerEmail, printerPassword, "/operator");
        var (_, printerPage) = await printer.GetAsync(details);
        Assert.DoesNotContain("印刷データを作成する", printerPage);
        var link = WebUtility.HtmlDecode(PdfLink().Match(printerPage).Groups[1].Value);
        var download = await printer.Client.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF", await download.Content.ReadAsStringAsync());
        Refusals.AssertNotStored(download);
        Refusals.AssertForbidden((await printer.PostAsync(details + "?handler=Export", printerPage, new Dictionary<string, string?>())).Response);
        var (_, list) = await printer.GetAsync("/operator/campaigns");
        Assert.DoesNotContain("対象を抽出する", list);
        Refusals.AssertForbidden((await printer.PostAsync("/operator/campaigns", list, Form("2023-02-03").ToDictionary(f => f.Key, f => (string?)f.Value))).Response);
        var (_, menu) = await printer.GetAsync("/operator");
        Assert.Contains("印刷担当者のメニュー", menu);
        Assert.DoesNotContain("/operator/filings", menu);
        Refusals.AssertForbidden((await printer.GetAsync("/operator/dashboard")).Response);

        // Every download is audited and the campaign page lists who took which file.
        var (_, log) = await session.GetAsync(details);
        Assert.Contains("印刷データのダウンロード履歴", log);
        Assert.Matches($"<td>{Regex.Escape(printerEmail)}</td><td>{Regex.Escape(pdfName)}</td>", log);
        Assert.Matches($"<td>{Regex.Escape(email)}</td><td>manifest.csv</td>", log);

        await using var db = app.Database.CreateContext();
        Assert.Equal(CampaignState.Exported, (await db.Set<Campaign>().SingleAsync()).State);
        var audit = await db.Set<Infrastructure.Audit.AuditEntry>().Where(a => a.Action.StartsWith("campaign.download")).ToListAsync();
        Assert.Contains(audit, a => a.Action == "campaign.downloaded" && a.Actor == printerEmail && a.Details.Contains(pdfName, StringComparison.Ordinal));
        Assert.Contains(audit, a => a.Action == "campaign.download-refused" && a.Actor == email && a.Details.Contains(pdfName, StringComparison.Ordinal));
        Assert.DoesNotContain(audit, a => a.Action == "campaign.downloaded" && a.Actor == email && a.Details.Contains(".pdf", StringComparison.Ordinal));
    }

    /// <summary>
    /// The job's region asks the page's script to follow it only while a job runs. With no job (or once it ended) the
    /// region says 0: an empty value (Razor renders a null data- attribute empty) made the draft page reload itself
    /// every 3 s, under the browser tests' checks.
    /// </summary>
    private const string NotFollowed = "<div id=\"campaign-job\" aria-live=\"polite\" data-refresh=\"0\">";

    [Fact]
    public async Task The_page_follows_a_running_job_and_offers_nothing_to_start_beside_it()
    {
        await using var app = await StartAppAsync();
        await app.ImportAsync(CampaignScenario.Records(3));
        var campaign = await app.CreateCampaignAsync(CampaignKind.Unregistered, CampaignScenario.Cutoff);
        var (email, password) = await app.AddOperatorAsync(Roles.Operator);
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, "/operator");
        var details = $"/operator/campaigns/{campaign.Id}";
        Assert.Contains(NotFollowed, (await session.GetAsync(details)).Html);

        // A job another node holds (its lease runs for minutes): this node's runner leaves it alone.
        await using (var db = app.Database.CreateContext())
        {
            db.Add(CampaignScenario.RunningJob(campaign.Id, "another-node#1", DateTimeOffset.UtcNow.AddMinutes(5)));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var (_, running) = await session.GetAsync(details);
        Assert.Contains("<div id=\"campaign-job\" aria-live=\"polite\" data-refresh=\"3\">", running);
        Assert.Contains("<progress", running);
        Assert.DoesNotContain("件を発行する", running);
    }

    [Fact]
    public async Task Institutions_and_visitors_cannot_reach_the_campaign_pages()
    {
        await using var app = await StartAppAsync();
        var anonymous = new HttpSession(app.CreateBrowserLikeClient());
        var (response, _) = await anonymous.GetAsync("/operator/campaigns");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery);
    }

    private static Dictionary<string, string> Form(string letterDate) => new()
    {
        ["Input.Kind"] = nameof(CampaignKind.Unregistered),
        ["Input.Name"] = "試験発送",
        ["Input.CutoffDate"] = "2023-01-15",
        ["Input.LetterDate"] = letterDate,
    };

    private static async Task<string> WaitForAsync(HttpSession session, string url, string text)
    {
        var html = string.Empty;
        for (var i = 0; i < 300; i++)
        {
            (_, html) = await session.GetAsync(url);
            if (html.Contains(text, StringComparison.Ordinal))
            {
                return html;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"\"{text}\" never appeared on {url}:\n{html}");
        return html;
    }

    [GeneratedRegex("href=\"([^\"]*\\.pdf[^\"]*)\"")]
    private static partial Regex PdfLink();

    [GeneratedRegex("<li>([^<（]+\\.pdf)（")]
    private static partial Regex PdfName();
}

public sealed class CampaignPagesTestsOnSqlite : CampaignPagesTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class CampaignPagesTestsOnPostgres : CampaignPagesTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
