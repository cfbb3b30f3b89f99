using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Tests.Support;
using static OnshiPortal.Tests.Support.CampaignScenario;

namespace OnshiPortal.Tests.Faults;

/// <summary>
/// The disk fills up in the middle of a campaign export, on a real small file system: the command line and the
/// back office say so in Japanese, nothing is left under a final name nor as temporary litter, and once space is
/// freed the same export completes.
/// </summary>
[Collection(OwnProcesses.Name)]
public sealed class DiskFullExportFaultTests : DataTest
{
    private const int Letters = 40;

    /// <summary>
    /// Less than any one of the export's files (8 PDFs of 5 letters with their embedded font, about 150 KB each). The
    /// back office stores each staged file in the database and deletes it before the next may need the room, so a disk
    /// that held one file but not two filled up or not by how the writers' threads happened to overlap (a CI run on a
    /// busy machine exported to 256 KB without an error): the first file must not fit.
    /// </summary>
    private const int SmallKilobytes = 128;

    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();

    [Fact]
    public async Task An_export_that_fills_the_disk_fails_clearly_and_leaves_no_file_and_succeeds_once_space_is_freed()
    {
        await using var disk = await SmallDisk.MountAsync($"{SmallKilobytes}k");
        await using var app = await StartAppAsync();
        app.Settings["Campaigns:StagingDirectory"] = Path.Combine(disk.Path, "campaigns");
        app.Settings["Campaigns:LettersPerFile"] = "5";
        await app.ImportAsync(Records(Letters));
        var campaign = await app.CreateCampaignAsync(CampaignKind.Unregistered, Cutoff);
        await app.IssueCampaignAsync(campaign.Id);
        var id = campaign.Id.ToString(CultureInfo.InvariantCulture);

        // The command line: a Japanese message without a stack trace, exit 1, and not one file on the disk.
        var output = Path.Combine(disk.Path, "print");
        var failed = await app.RunCommandAsync("campaign", "export", id, "--out", output, "--per-file", "5");
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("ディスクの空き容量が足りません", failed.Error);
        Assert.Contains("書きかけのファイルは削除しました", failed.Error);
        Assert.DoesNotContain(" at ", failed.Error);
        Assert.Empty(FilesOn(disk));

        // The back office: the campaign page shows the same message, and still no file.
        var (email, password) = await app.AddOperatorAsync(Roles.Operator);
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, "/operator");
        var details = $"/operator/campaigns/{id}";
        var (_, page) = await session.GetAsync(details);
        await session.PostAsync(details + "?handler=Export", page, new Dictionary<string, string?>());
        var shown = await WaitForPageAsync(session, details, "ディスクの空き容量が足りません");
        Assert.Contains("role=\"alert\"", shown);
        Assert.Empty(FilesOn(disk));
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(CampaignState.Issued, (await db.Set<Campaign>().SingleAsync(c => c.Id == campaign.Id)).State);
        }

        // Space freed: the same command completes, and needed more than the small disk had.
        await disk.ResizeAsync("64m");
        var done = await app.RunCommandAsync("campaign", "export", id, "--out", output, "--per-file", "5");
        Assert.True(done.ExitCode == 0, done.Error);
        var files = Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Letters / 5, files.Count(f => f!.EndsWith(".pdf", StringComparison.Ordinal)));
        Assert.Contains(CampaignExport.Checksums, files);
        Assert.DoesNotContain(files, f => f!.StartsWith('.'));
        Assert.All(Directory.GetFiles(output, "*.pdf"), f => Assert.True(new FileInfo(f).Length > SmallKilobytes * 1024, $"{f} fits the small disk: the test may not have filled it"));
    }

    /// <summary>Every file on the small disk, hidden temporary ones included.</summary>
    private static List<string> FilesOn(SmallDisk disk) => [.. Directory.EnumerateFiles(disk.Path, "*", SearchOption.AllDirectories)];

    private static async Task<string> WaitForPageAsync(HttpSession session, string url, string text)
    {
        var html = string.Empty;
        for (var i = 0; i < 300; i++)
        {
            HttpResponseMessage response;
            (response, html) = await session.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (html.Contains(text, StringComparison.Ordinal))
            {
                return html;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"\"{text}\" not on {url} after 60 s:\n{html}");
    }
}
