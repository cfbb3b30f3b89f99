using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Campaigns;
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

        var (created, _) = await session.SubmitAsync("/operator/campaigns", Form("2023-02-03"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var details = created.Headers.Location!.OriginalString;
        Assert.Matches(@"^/operator/campaigns/\d+$", details);

        var (_, draft) = await session.GetAsync(details);
        Assert.Contains("5件を発行する", draft);
        var (issue, _) = await session.PostAsync(details + "?handler=Issue", draft, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.Redirect, issue.StatusCode);
        var issued = await WaitForAsync(session, details, "印刷データを作成する");
        Assert.Contains("発行済み 5件", issued);

        await session.PostAsync(details + "?handler=Export", issued, new Dictionary<string, string?>());
        var exported = await WaitForAsync(session, details, ".pdf</a>");
        var link = WebUtility.HtmlDecode(PdfLink().Match(exported).Groups[1].Value);
        var download = await session.Client.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.True(download.Content.Headers.ContentType?.MediaType == "application/pdf", link + "\n" + (await download.Content.ReadAsStringAsync())[..Math.Min(3000, (await download.Content.ReadAsStringAsync()).Length)]);
        Assert.StartsWith("%PDF", await download.Content.ReadAsStringAsync());

        // A name outside the listing (a path, a hidden temporary file) is not served.
        Assert.Equal(HttpStatusCode.NotFound, (await session.Client.GetAsync(details + "?handler=File&name=..%2F..%2Fonshi.db")).StatusCode);

        await using var db = app.Database.CreateContext();
        Assert.Equal(CampaignState.Exported, (await db.Set<Campaign>().SingleAsync()).State);
        Assert.True(await db.Set<Infrastructure.Audit.AuditEntry>().AnyAsync(a => a.Action == "campaign.downloaded" && a.Actor == email));
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
        ["Input.Deadline"] = "2023-03-31",
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
}

public sealed class CampaignPagesTestsOnSqlite : CampaignPagesTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class CampaignPagesTestsOnPostgres : CampaignPagesTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
