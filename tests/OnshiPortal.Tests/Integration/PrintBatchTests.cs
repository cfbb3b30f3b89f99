using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.PostalLetters;
using OnshiPortal.Features.Procedures.Certificates;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// Issue 22: the print queue closed into print batches, each letter into exactly one, even when the close is killed
/// between its commit and its files and run again; the files as the print shop checks them.
/// </summary>
public abstract class PrintBatchTests : DataTest
{
    private const string Page = "/operator/letters";

    private readonly string folder = Directory.CreateTempSubdirectory("onshi-post-").FullName;

    [Fact]
    public async Task Two_closes_make_two_batches_the_second_with_only_the_letters_queued_since()
    {
        await using var app = await StartAppAsync();
        await QueueAsync(app, ("1234567", "5300001"), ("1234568", "1000001"), ("1234569", "3000001"));

        var first = await app.RunCommandAsync("post", "batch", "--out", folder);
        Assert.True(first.ExitCode == 0, first.Error + first.Output);
        Assert.Contains("印刷バッチ 1: 3通", first.Output);
        var one = Path.Combine(folder, PrintBatches.FolderName(1));
        AssertComplete(one, 3);

        // Postal-code order within the kind, and the manifest says where each letter is, in both encodings.
        var manifest = await File.ReadAllLinesAsync(Path.Combine(one, CampaignExport.ManifestUtf8), TestContext.Current.CancellationToken);
        Assert.Equal(["1000001", "3000001", "5300001"], manifest.Skip(1).Select(l => l.Split(',')[6]));
        Assert.All(manifest.Skip(1), l => Assert.StartsWith(PrintBatches.PdfName(PostalLetterKind.CertificateNotice) + ",", l));
        var shiftJis = await File.ReadAllLinesAsync(Path.Combine(one, CampaignExport.ManifestShiftJis), Encoding.GetEncoding(932), TestContext.Current.CancellationToken);
        Assert.Equal(manifest, shiftJis);
        var pages = PdfTools.Pages(Path.Combine(one, PrintBatches.PdfName(PostalLetterKind.CertificateNotice)));
        Assert.Contains("〒100-0001", pages[0]);
        Assert.Contains("〒530-0001", pages[2]);
        var cover = PdfTools.Compact(PdfTools.Pages(Path.Combine(one, PrintBatches.Cover))[0]);
        Assert.Contains("郵送物印刷バッチ1", cover);
        Assert.Contains("電子証明書発行のお知らせ", cover);
        Assert.Contains("合計3通", cover);

        await QueueAsync(app, ("1234570", "0600001"));
        var second = await app.RunCommandAsync("post", "batch", "--out", folder);
        Assert.True(second.ExitCode == 0, second.Error + second.Output);
        Assert.Contains("印刷バッチ 2: 1通", second.Output);
        Assert.DoesNotContain("印刷バッチ 1", second.Output);
        AssertComplete(Path.Combine(folder, PrintBatches.FolderName(2)), 1);

        var nothing = await app.RunCommandAsync("post", "batch", "--out", folder);
        Assert.Equal(0, nothing.ExitCode);
        Assert.Contains("印刷待ちの郵送物はありません", nothing.Output);

        await using var db = app.Database.CreateContext();
        var letters = await db.Set<PostalLetter>().AsNoTracking().OrderBy(l => l.Id).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([1L, 1, 1, 2], letters.Select(l => l.BatchId!.Value));
        Assert.All(letters, l => Assert.NotNull(l.PrintedAt));
        Assert.Equal(2, await db.Set<AuditEntry>().CountAsync(e => e.Action == "postal-batch.closed", TestContext.Current.CancellationToken));
        Assert.Equal(2, await db.Set<AuditEntry>().CountAsync(e => e.Action == "postal-batch.written", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_close_killed_between_its_commit_and_its_files_is_written_by_the_rerun_with_each_letter_in_one_batch()
    {
        await using var app = await StartAppAsync();
        await QueueAsync(app, ("1234567", "5300001"), ("1234568", "1000001"));

        // The close committed (batch and marks), then the process died: no file, or half of one, was written.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<PrintBatches>().CloseAsync("killed", TestContext.Current.CancellationToken));
        }

        var one = Path.Combine(folder, PrintBatches.FolderName(1));
        Directory.CreateDirectory(one);
        await File.WriteAllTextAsync(Path.Combine(one, $".{PrintBatches.PdfName(PostalLetterKind.CertificateNotice)}.dead0000.tmp"), "%PDF-1.", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(one, PrintBatches.Cover), "%PDF-1.", TestContext.Current.CancellationToken);

        // A letter queued meanwhile goes into the rerun's new batch, not the killed one.
        await QueueAsync(app, ("1234569", "3000001"));
        var rerun = await app.RunCommandAsync("post", "batch", "--out", folder);
        Assert.True(rerun.ExitCode == 0, rerun.Error + rerun.Output);
        Assert.Contains("印刷バッチ 1: 2通", rerun.Output);
        Assert.Contains("印刷バッチ 2: 1通", rerun.Output);
        AssertComplete(one, 2);
        AssertComplete(Path.Combine(folder, PrintBatches.FolderName(2)), 1);

        await using var db = app.Database.CreateContext();
        var letters = await db.Set<PostalLetter>().AsNoTracking().OrderBy(l => l.Id).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([1L, 1, 2], letters.Select(l => l.BatchId!.Value));
        var batches = await db.Set<PrintBatch>().AsNoTracking().OrderBy(b => b.Id).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([2, 1], batches.Select(b => b.Letters));
        Assert.All(batches, b => Assert.NotNull(b.WrittenAt));

        // Run once more: the same letters are not batched again.
        var again = await app.RunCommandAsync("post", "batch", "--out", folder);
        Assert.Contains("印刷待ちの郵送物はありません", again.Output);
        Assert.Equal(2, await db.Set<PrintBatch>().CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_printer_closes_the_batch_on_the_page_and_downloads_its_files_an_operator_may_not()
    {
        await using var app = await StartAppAsync();
        await QueueAsync(app, ("1234567", "5300001"), ("1234568", "1000001"));
        var (operatorEmail, operatorPassword) = await app.AddOperatorAsync();
        var staff = app.Session();
        await staff.LogInAsync(operatorEmail, operatorPassword, "/operator");
        Refusals.AssertForbidden((await staff.GetAsync(Page + "?handler=Download&id=1")).Response);

        var (email, password) = await app.AddOperatorAsync(Roles.Printer);
        var printer = app.Session();
        await printer.LogInAsync(email, password, "/operator");
        var (_, page) = await printer.GetAsync(Page);
        Assert.Contains("印刷バッチを締める", page);
        var (closed, _) = await printer.PostFormAsync(Page + "?handler=Close", page, []);
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        var (_, after) = await printer.GetAsync(Page);
        Assert.Contains("印刷バッチ 1 を締めました。", after);
        Assert.Contains("印刷待ちの郵送物はありません。", after);
        Assert.Contains("2通", after);

        var (download, _) = await printer.GetAsync(Page + "?handler=Download&id=1");
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)));
        var extracted = Directory.CreateTempSubdirectory("onshi-post-zip-").FullName;
        await zip.ExtractToDirectoryAsync(extracted, TestContext.Current.CancellationToken);
        AssertComplete(Path.Combine(extracted, PrintBatches.FolderName(1)), 2, ownerOnly: false);

        // Pressed again from the old page: nothing is waiting, no empty batch.
        var (again, againHtml) = await printer.PostFormAsync(Page + "?handler=Close", page, []);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains(Features.PostalLetters.Pages.IndexModel.NothingPrinted, againHtml);
        await using var db = app.Database.CreateContext();
        Assert.Equal(1, await db.Set<PrintBatch>().CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(email, (await db.Set<AuditEntry>().SingleAsync(e => e.Action == "postal-batch.downloaded", TestContext.Current.CancellationToken)).Actor);
    }

    /// <summary>Every file of a batch there, owner-only, the PDF holding its letters, and SHA256SUMS checked as the print shop does.</summary>
    internal static void AssertComplete(string batch, int letters, bool ownerOnly = true)
    {
        var pdf = PrintBatches.PdfName(PostalLetterKind.CertificateNotice);
        Assert.Equal(
            new[] { PrintBatches.Cover, pdf, CampaignExport.Checksums, CampaignExport.ManifestShiftJis, CampaignExport.ManifestUtf8 }.Order(StringComparer.Ordinal),
            Directory.GetFiles(batch).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(Directory.GetFiles(batch, ".*.tmp"), f => !f.Contains("dead0000", StringComparison.Ordinal));
        Assert.Equal(letters, PdfTools.PageCount(Path.Combine(batch, pdf)));
        Assert.Equal("OK", PdfTools.Run("sh", "-c", $"cd '{batch}' && sha256sum --quiet -c SHA256SUMS && echo OK").Trim());
        var sums = File.ReadAllLines(Path.Combine(batch, CampaignExport.Checksums));
        Assert.Equal(4, sums.Length);
        foreach (var line in sums)
        {
            var (hash, name) = (line[..64], line[66..]);
            Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(batch, name)))));
        }

        if (ownerOnly && !OperatingSystem.IsWindows())
        {
            foreach (var file in Directory.GetFiles(batch).Where(f => !f.Contains("dead0000", StringComparison.Ordinal)))
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
        }
    }

    [Fact]
    public async Task The_scheduler_closes_the_working_days_queue_once_and_a_rerun_finds_nothing()
    {
        await using var app = await StartAppAsync();
        await QueueAsync(app, ("1234567", "5300001"), ("1234568", "1000001"));

        var runs = await Task.WhenAll(
            app.RunJobAsync<PrintBatchJob>(PrintBatchJob.JobName, "0 16 * * 1-5"),
            app.RunJobAsync<PrintBatchJob>(PrintBatchJob.JobName, "0 16 * * 1-5"));
        Assert.Equal("no letter waiting", await app.RunJobAsync<PrintBatchJob>(PrintBatchJob.JobName, "0 16 * * 1-5"));

        // One batch (the other run's, if it began one, rolled back), which waits for the printing role: its files are
        // made when written or downloaded.
        await using var db = app.Database.CreateContext();
        var batch = await db.Set<PrintBatch>().AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
        Assert.Equal([$"closed print batch {batch.Id}", "no letter waiting"], runs.Order(StringComparer.Ordinal));
        Assert.Equal((PrintBatchJob.Actor, 2, (DateTimeOffset?)null), (batch.ClosedBy, batch.Letters, batch.WrittenAt));
        Assert.All(await db.Set<PostalLetter>().AsNoTracking().ToListAsync(TestContext.Current.CancellationToken), l => Assert.Equal(batch.Id, l.BatchId));
        var written = await app.RunCommandAsync("post", "batch", "--out", folder);
        Assert.True(written.ExitCode == 0, written.Error + written.Output);
        AssertComplete(Path.Combine(folder, PrintBatches.FolderName(batch.Id)), 2);
    }

    internal static async Task QueueAsync(PortalAppFactory app, params (string Code, string PostalCode)[] letters)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<PostalLetterQueue>();
        foreach (var (code, postalCode) in letters)
        {
            queue.Queue(
                PostalLetterKind.CertificateNotice,
                code,
                new CertificateNoticeLetter($"医療機関{code}", postalCode, "東京都千代田区霞が関1-2-2", "R" + code, 1, "受付", new DateOnly(2026, 12, 7)),
                DateTimeOffset.UtcNow);
        }

        await scope.ServiceProvider.GetRequiredService<OnshiPortal.Infrastructure.Data.PortalDbContext>().SaveChangesAsync(TestContext.Current.CancellationToken);
    }
}

public sealed class PrintBatchTestsOnSqlite : PrintBatchTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class PrintBatchTestsOnPostgres : PrintBatchTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
