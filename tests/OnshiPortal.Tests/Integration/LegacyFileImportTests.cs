using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.News;
using OnshiPortal.Infrastructure.Files;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>`onshi db migrate` moves the files an earlier version kept on disk into the database, once.</summary>
public abstract class LegacyFileImportTests : DataTest
{
    private const string Email = "clinic@example.jp";

    [Fact]
    public async Task Db_migrate_moves_old_attachments_and_news_pdfs_into_the_database_once_and_they_download_as_before()
    {
        await using var app = await StartAppAsync();
        await app.ActivatedInstitutionAsync(Email);
        var timed = app.At(new ManualClock(FilingScenario.March2023));
        var session = timed.Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");
        var (_, form) = await session.GetAsync("/mypage/deferral?category=system");
        var contract = FilingScenario.Pdf("filed-by-an-earlier-version");
        var (_, check) = await session.PostFilesAsync("/mypage/deferral?handler=Check&category=system", form, new Dictionary<string, string?>
        {
            ["Category"] = "system",
            ["Values[contractDate]"] = "2023-02-10",
            ["Values[vendor]"] = "株式会社オンライン資格システムズ",
            ["Values[completion]"] = "2023-09-15",
        }, ("注文書.pdf", contract));
        var receipt = FilingScenario.ReceiptOf((await session.ConfirmAsync("/mypage/deferral", check)).Response);
        var url = $"/mypage/filings/{receipt}?handler=Attachment&id={Assert.Single((await app.FilingAsync(receipt)).Attachments).Id}";

        // Turn the database into what an earlier version left: the rows name files on disk, the store has none.
        var store = app.Services.GetRequiredService<FileStore>();
        var leaflet = "%PDF-1.4\n% leaflet\n%%EOF\n"u8.ToArray();
        Guid attachmentFile, noticeFile = Guid.NewGuid();
        await using (var db = app.Database.CreateContext())
        {
            var attachment = await db.Set<FilingAttachment>().SingleAsync();
            attachmentFile = attachment.FileId!.Value;
            Directory.CreateDirectory(app.AttachmentsFolder);
            await File.WriteAllBytesAsync(Path.Combine(app.AttachmentsFolder, attachment.StoredName), contract);
            attachment.FileId = null;
            var now = DateTimeOffset.UtcNow;
            var notice = new Notice { Title = "旧版のお知らせ", CategoryId = 1, Body = "本文", PublishAt = now.AddDays(-1), IsPublished = true, CreatedAt = now, CreatedBy = "op", UpdatedAt = now, UpdatedBy = "op" };
            notice.Attachments.Add(new NoticeAttachment { FileName = "リーフレット.pdf", StoredName = noticeFile.ToString("N") + ".pdf", Size = leaflet.Length });
            notice.Attachments.Add(new NoticeAttachment { FileName = "なくなった.pdf", StoredName = Guid.NewGuid().ToString("N") + ".pdf", Size = 10 });
            db.Add(notice);
            await db.SaveChangesAsync();
            Directory.CreateDirectory(app.NewsFolder);
            await File.WriteAllBytesAsync(Path.Combine(app.NewsFolder, noticeFile.ToString("N") + ".pdf"), leaflet);

            // An earlier run of the import was killed in the middle of this file: its incomplete copy is replaced.
            db.Add(new StoredFile { Id = noticeFile, Area = NoticeFiles.Area, Name = "x", ContentType = "application/pdf", CreatedAt = now });
            await db.SaveChangesAsync();
        }

        await store.DeleteAsync(attachmentFile);
        Assert.Equal(HttpStatusCode.NotFound, (await session.Client.GetAsync(url)).StatusCode);

        var migrate = await app.RunCommandAsync("db", "migrate");
        Assert.Equal(0, migrate.ExitCode);
        Assert.Contains("届出の添付書類", migrate.Output, StringComparison.Ordinal);
        Assert.Contains("1件をデータベースに移しました", migrate.Output, StringComparison.Ordinal);
        Assert.Contains("1件はファイルが見つからず", migrate.Error, StringComparison.Ordinal);

        Assert.Equal(contract, await session.Client.GetByteArrayAsync(url));
        long noticeId, attachmentId;
        await using (var db = app.Database.CreateContext())
        {
            var moved = await db.Set<NoticeAttachment>().SingleAsync(a => a.FileName == "リーフレット.pdf");
            Assert.Equal(noticeFile, moved.FileId);
            Assert.Equal(attachmentFile, (await db.Set<FilingAttachment>().SingleAsync()).FileId);
            (noticeId, attachmentId) = (moved.NoticeId, moved.Id);
        }

        Assert.Equal(leaflet, await new HttpSession(app.CreateBrowserLikeClient()).Client.GetByteArrayAsync($"/news/{noticeId}/files/{attachmentId}"));

        // Once: a rerun moves nothing and copies nothing twice.
        var again = await app.RunCommandAsync("db", "migrate");
        Assert.Equal(0, again.ExitCode);
        Assert.DoesNotContain("データベースに移しました", again.Output, StringComparison.Ordinal);
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(2, await db.Set<StoredFile>().CountAsync());
            Assert.True(await db.Set<StoredFile>().AllAsync(f => f.Completed));
        }
    }
}

public sealed class LegacyFileImportTestsOnSqlite : LegacyFileImportTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class LegacyFileImportTestsOnPostgres : LegacyFileImportTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
