using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.CallCentre;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Campaigns.Letters;
using OnshiPortal.Features.PostalLetters;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Housekeeping;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// Issue 22, the reissue letter: the call centre's reissue queues its letter for the post in its own transaction,
/// the new temporary password sealed in the queued letter (nowhere in clear: not the row, the audit, the page, the
/// manifest) until a print batch prints it, read back from the PDF (text, QR code, customer barcode).
/// </summary>
public abstract partial class ReissueLetterTests : DataTest
{
    private const string Reason = "送付状を紛失したとの電話（事務長 田中様）";

    private readonly string folder = Directory.CreateTempSubdirectory("onshi-reissue-").FullName;

    [Fact]
    public async Task A_reissue_queues_its_letter_with_the_password_sealed_and_the_batch_prints_it_with_the_qr_code_and_the_barcode()
    {
        await using var app = await StartAppAsync();
        var (institution, _) = await app.IssueAsync(seed: 161);
        var code = institution.Code.Value;
        var (email, password) = await app.AddOperatorAsync(Roles.Admin);
        var desk = new HttpSession(app.CreateBrowserLikeClient());
        await desk.LogInAsync(email, password, "/operator");
        await ReissueAsync(desk, code, latestSeen: 1);

        PostalLetter queued;
        await using (var db = app.Database.CreateContext())
        {
            queued = await db.Set<PostalLetter>().AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
            var credential = await db.Set<Features.Activation.TemporaryCredential>().AsNoTracking()
                .SingleAsync(c => c.LoginId == $"{code}@02", TestContext.Current.CancellationToken);
            Assert.Equal((PostalLetterKind.CredentialReissue, code, (DateTimeOffset?)credential.ExpiresAt), (queued.Kind, queued.InstitutionCode, queued.SealedUntil));
            Assert.NotNull(queued.SealedSecret);
            Assert.Null(queued.BatchId);
        }

        // The institution's page: the letter waiting, with its Japanese name; no download of it anywhere.
        var (_, page) = await desk.GetAsync($"/operator/institutions/{code}");
        Assert.Contains("仮ID・仮パスワードの再発行のお知らせ", page);
        Assert.Contains("印刷待ち", page);
        Assert.DoesNotContain("handler=Letter", page);
        var (old, _) = await desk.GetAsync($"/operator/institutions/{code}?handler=Letter&id={queued.Id}");
        Assert.NotEqual("application/pdf", old.Content.Headers.ContentType?.MediaType);

        var run = await app.RunCommandAsync("post", "batch", "--out", folder);
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        var batch = Path.Combine(folder, PrintBatches.FolderName(1));
        var pdf = Path.Combine(batch, PrintBatches.PdfName(PostalLetterKind.CredentialReissue));
        Assert.Equal(1, PdfTools.PageCount(pdf));
        var front = PdfTools.Pages(pdf)[0];
        var newPassword = PasswordLine().Match(front).Groups[1].Value;
        Assert.Equal(12, newPassword.Length);

        Features.Institutions.Institution master;
        await using (var db = app.Database.CreateContext())
        {
            master = await db.Institutions.AsNoTracking().SingleAsync(i => i.Code == code, TestContext.Current.CancellationToken);
            var row = await db.Set<PostalLetter>().AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
            Assert.DoesNotContain(newPassword, row.Data);
            Assert.DoesNotContain(newPassword, Encoding.Latin1.GetString(row.SealedSecret!));
            Assert.NotNull(row.SealedSecret); // kept while the password works: the batch may be made again
            Assert.All(await db.Set<AuditEntry>().AsNoTracking().Select(a => a.Details).ToListAsync(TestContext.Current.CancellationToken), d => Assert.DoesNotContain(newPassword, d));
        }

        var text = PdfTools.Compact(front);
        foreach (var expected in new[]
        {
            PdfTools.Compact(CredentialReissueLetter.Title), $"〒{master.PostalCode[..3]}-{master.PostalCode[3..]}", PdfTools.Compact(master.Name) + "御中",
            Wareki.Format(JapanTime.Today(TimeProvider.System)), "厚生労働省", "社会保険診療報酬支払基金", $"医療機関等コード：{code}",
            $"{code}@02", newPassword, "有効期限", "オンライン資格確認等コールセンター", "0800-0804583",
        })
        {
            Assert.Contains(expected, text);
        }

        Assert.EndsWith($"/login?id={code}%4002", PdfTools.DecodeQr(pdf, 1, folder), StringComparison.Ordinal);
        Assert.Equal(CustomerBarcode.Bars(master.PostalCode, master.Address), CustomerBarcodeReader.Read(pdf, 1, folder));
        foreach (var manifest in new[] { CampaignExport.ManifestUtf8, CampaignExport.ManifestShiftJis })
        {
            Assert.DoesNotContain(newPassword, Encoding.Latin1.GetString(await File.ReadAllBytesAsync(Path.Combine(batch, manifest), TestContext.Current.CancellationToken)));
        }

        var (_, posted) = await desk.GetAsync($"/operator/institutions/{code}");
        Assert.Contains("郵送済み", posted);
        Assert.DoesNotContain(newPassword, posted);

        // The batch downloaded again after it was written: the same letter, password and all.
        Assert.Contains(newPassword, await DownloadedLetterAsync(desk));

        // The printed password logs in.
        await new HttpSession(app.CreateBrowserLikeClient()).TemporaryLogInAsync($"{code}@02", newPassword);
    }

    [Fact]
    public async Task A_later_reissue_drops_the_seal_of_the_earlier_letter_whose_password_no_longer_works()
    {
        await using var app = await StartAppAsync();
        var (institution, _) = await app.IssueAsync(seed: 162);
        var code = institution.Code.Value;
        var (email, password) = await app.AddOperatorAsync(Roles.Admin);
        var desk = new HttpSession(app.CreateBrowserLikeClient());
        await desk.LogInAsync(email, password, "/operator");
        await ReissueAsync(desk, code, latestSeen: 1);
        var run = await app.RunCommandAsync("post", "batch", "--out", folder);
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        var first = PasswordLine().Match(PdfTools.Pages(Path.Combine(folder, PrintBatches.FolderName(1), PrintBatches.PdfName(PostalLetterKind.CredentialReissue)))[0]).Groups[1].Value;

        await ReissueAsync(desk, code, latestSeen: 2);
        await using (var db = app.Database.CreateContext())
        {
            var letters = await db.Set<PostalLetter>().AsNoTracking().OrderBy(l => l.Id).ToListAsync(TestContext.Current.CancellationToken);
            Assert.Equal(2, letters.Count);
            Assert.Null(letters[0].SealedSecret);
            Assert.NotNull(letters[1].SealedSecret);
        }

        // Batch 1 made again prints no dead password.
        var again = await DownloadedLetterAsync(desk);
        Assert.DoesNotContain(first, again);
        Assert.Contains(PdfTools.Compact(CredentialReissueLetter.NoLongerValid), PdfTools.Compact(again));
    }

    [Fact]
    public async Task The_housekeeping_keeps_a_seal_while_its_password_works_and_drops_it_once_the_credential_is_spent()
    {
        await using var app = await StartAppAsync();
        var (institution, _) = await app.IssueAsync(seed: 163);
        var code = institution.Code.Value;
        var (email, password) = await app.AddOperatorAsync(Roles.Admin);
        var desk = new HttpSession(app.CreateBrowserLikeClient());
        await desk.LogInAsync(email, password, "/operator");
        await ReissueAsync(desk, code, latestSeen: 1);
        var run = await app.RunCommandAsync("post", "batch", "--out", folder);
        Assert.True(run.ExitCode == 0, run.Error + run.Output);

        // Written, and the password still works: kept (the batch may be made again).
        var worker = app.Services.GetRequiredService<HousekeepingWorker>();
        await worker.RunOnceAsync(TestContext.Current.CancellationToken);
        await using (var db = app.Database.CreateContext())
        {
            Assert.NotNull((await db.Set<PostalLetter>().AsNoTracking().SingleAsync(TestContext.Current.CancellationToken)).SealedSecret);
            await db.Set<Features.Activation.TemporaryCredential>().Where(c => c.InstitutionCode == code)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, DateTimeOffset.UtcNow), TestContext.Current.CancellationToken);
        }

        // The credential used (アカウント登録): the seal goes.
        await worker.RunOnceAsync(TestContext.Current.CancellationToken);
        await using (var db = app.Database.CreateContext())
        {
            var letter = await db.Set<PostalLetter>().AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
            Assert.Null(letter.SealedSecret);
            Assert.Null(letter.SealKeyId);
        }
    }

    [Fact]
    public async Task Without_the_masters_address_nothing_is_reissued_that_could_not_be_posted()
    {
        await using var app = await StartAppAsync();
        var (institution, _) = await app.IssueAsync(seed: 164);
        var code = institution.Code.Value;
        await using (var db = app.Database.CreateContext())
        {
            await db.Institutions.Where(i => i.Code == code).ExecuteUpdateAsync(s => s.SetProperty(i => i.PostalCode, string.Empty), TestContext.Current.CancellationToken);
        }

        var (email, password) = await app.AddOperatorAsync(Roles.Operator);
        var desk = new HttpSession(app.CreateBrowserLikeClient());
        await desk.LogInAsync(email, password, "/operator");
        var (_, form) = await desk.GetAsync($"/operator/institutions/{code}/reissue");
        var (refused, html) = await desk.PostAsync($"/operator/institutions/{code}/reissue", form, new Dictionary<string, string?> { ["Reason"] = Reason, ["LatestSeen"] = "1" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(CallCentreDesk.NoAddress, html);
        await using var check = app.Database.CreateContext();
        Assert.Equal(1, await check.Set<Features.Activation.TemporaryCredential>().CountAsync(c => c.InstitutionCode == code, TestContext.Current.CancellationToken));
        Assert.Equal(0, await check.Set<PostalLetter>().CountAsync(TestContext.Current.CancellationToken));
    }

    private static async Task ReissueAsync(HttpSession desk, string code, int latestSeen)
    {
        var (_, form) = await desk.GetAsync($"/operator/institutions/{code}/reissue");
        var (issued, html) = await desk.PostAsync(
            $"/operator/institutions/{code}/reissue", form, new Dictionary<string, string?> { ["Reason"] = Reason, ["LatestSeen"] = latestSeen.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.True(issued.StatusCode == HttpStatusCode.Redirect, html);
    }

    /// <summary>Batch 1 downloaded from the printing page as a ZIP; the text of its reissue letters.</summary>
    private static async Task<string> DownloadedLetterAsync(HttpSession admin)
    {
        var (download, _) = await admin.GetAsync("/operator/letters?handler=Download&id=1");
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)));
        var extracted = Directory.CreateTempSubdirectory("onshi-reissue-zip-").FullName;
        await zip.ExtractToDirectoryAsync(extracted, TestContext.Current.CancellationToken);
        return PdfTools.Pages(Path.Combine(extracted, PrintBatches.FolderName(1), PrintBatches.PdfName(PostalLetterKind.CredentialReissue)))[0];
    }

    [GeneratedRegex(@"仮パスワード\s+(\S{12})\s")]
    private static partial Regex PasswordLine();
}

public sealed class ReissueLetterTestsOnSqlite : ReissueLetterTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class ReissueLetterTestsOnPostgres : ReissueLetterTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
