using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Filings;
using OnshiPortal.Infrastructure.Files;
using OnshiPortal.Infrastructure.Housekeeping;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>Uploads wait in the database's staging, per account, until their filing is confirmed; what nobody confirmed is gone a day later.</summary>
public abstract class AttachmentStagingTests : DataTest
{
    private const string Account = "account-1";

    [Fact]
    public async Task A_staged_upload_is_the_accounts_alone_and_readable_only_once_committed()
    {
        await using var app = await StartAppAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<AttachmentStore>();
        var (staged, error) = await store.StageAsync(Pdf("注文書.pdf"), Account);

        Assert.Null(error);
        Assert.True(await store.ExistsAsync(Account, staged!.FileId));
        Assert.False(await store.ExistsAsync("another-account", staged.FileId));

        // A row that named a staged file (it cannot: rows are made by the commit) would still not serve it.
        var context = new DefaultHttpContext();
        Assert.Null(await store.DownloadAsync(context, new FilingAttachment { FileId = staged.FileId, FileName = "x.pdf", ContentType = "application/pdf" }));

        // Another account cannot take it into its filing, even knowing the id.
        Assert.False(await store.CommitAsync("another-account", staged.FileId));
        Assert.True(await store.CommitAsync(Account, staged.FileId));
        Assert.False(await store.CommitAsync(Account, staged.FileId)); // once

        Assert.False(await store.ExistsAsync(Account, staged.FileId));
        var download = await store.DownloadAsync(context, new FilingAttachment { FileId = staged.FileId, FileName = "注文書.pdf", ContentType = "application/pdf" });
        Assert.NotNull(download);
        await using var content = download.FileStream;
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy);
        Assert.Equal(PdfBytes, copy.ToArray());
        Assert.Equal(PdfBytes.Length, context.Response.ContentLength);
        Assert.Equal("no-store", context.Response.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task An_upload_left_in_staging_for_a_day_is_removed_and_a_committed_one_is_kept()
    {
        await using var app = await StartAppAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<AttachmentStore>();
        var (abandoned, _) = await store.StageAsync(Pdf("a.pdf"), Account);
        var (filed, _) = await store.StageAsync(Pdf("b.pdf"), Account);
        Assert.True(await store.CommitAsync(Account, filed!.FileId));
        var (fresh, _) = await store.StageAsync(Pdf("c.pdf"), "another-account");
        await using (var db = app.Database.CreateContext())
        {
            var old = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddHours(-25);
            foreach (var id in new[] { abandoned!.FileId, filed.FileId })
            {
                var file = await db.Set<StoredFile>().SingleAsync(f => f.Id == id);
                file.CreatedAt = old;
            }

            await db.SaveChangesAsync();
        }

        var done = await app.Services.GetRequiredService<HousekeepingWorker>().RunOnceAsync(default);

        Assert.Equal(1, done["abandoned filing uploads"]);
        Assert.False(await store.ExistsAsync(Account, abandoned.FileId));
        Assert.True(await store.ExistsAsync("another-account", fresh!.FileId));
        Assert.NotNull(await app.Services.GetRequiredService<FileStore>().FindAsync(filed.FileId));
    }

    [Fact]
    public async Task A_new_check_replaces_the_accounts_earlier_staging_but_what_its_draft_carries()
    {
        await using var app = await StartAppAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<AttachmentStore>();
        var (first, _) = await store.StageAsync(Pdf("a.pdf"), Account);
        var (second, _) = await store.StageAsync(Pdf("b.pdf"), Account);
        var (other, _) = await store.StageAsync(Pdf("c.pdf"), "another-account");

        var stillStaged = await store.ReplaceStagingAsync(Account, [second!.FileId]);

        Assert.Equal(PdfBytes.Length, stillStaged);
        Assert.False(await store.ExistsAsync(Account, first!.FileId));
        Assert.True(await store.ExistsAsync(Account, second.FileId));
        Assert.True(await store.ExistsAsync("another-account", other!.FileId));
        Assert.Equal(0, await store.ReplaceStagingAsync("nobody", []));
    }

    private static readonly byte[] PdfBytes = "%PDF-1.4\n%%EOF\n"u8.ToArray();

    private static FormFile Pdf(string name) => new(new MemoryStream(PdfBytes), 0, PdfBytes.Length, "Attachments", name);
}

public sealed class AttachmentStagingTestsOnSqlite : AttachmentStagingTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class AttachmentStagingTestsOnPostgres : AttachmentStagingTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
