using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Filings;

namespace OnshiPortal.Tests.Unit;

/// <summary>Uploads wait in staging until their filing is confirmed; what nobody confirmed is gone a day later.</summary>
public sealed class AttachmentStoreTests : IDisposable
{
    private const string Account = "account-1";

    private readonly string folder = Directory.CreateTempSubdirectory("onshi-attachments-").FullName;

    private AttachmentStore Store => new(Options.Create(new FilingOptions { Attachments = new AttachmentOptions { Folder = folder } }));

    [Fact]
    public async Task A_staged_upload_is_readable_only_once_committed()
    {
        using var store = Store;
        var (staged, error) = await store.StageAsync(Pdf("注文書.pdf"), Account);

        Assert.Null(error);
        Assert.True(store.Exists(Account, staged!.StoredName));
        Assert.False(store.Exists("another-account", staged.StoredName));
        Assert.Null(store.Open(staged.StoredName));

        store.Commit(Account, staged.StoredName);
        store.Commit(Account, staged.StoredName); // a retried transaction

        Assert.False(store.Exists(Account, staged.StoredName));
        using var stream = store.Open(staged.StoredName);
        Assert.NotNull(stream);
    }

    [Fact]
    public async Task An_upload_left_in_staging_for_a_day_is_removed_and_a_committed_one_is_kept()
    {
        using var store = Store;
        var (abandoned, _) = await store.StageAsync(Pdf("a.pdf"), Account);
        var (filed, _) = await store.StageAsync(Pdf("b.pdf"), Account);
        store.Commit(Account, filed!.StoredName);
        var abandonedPath = Directory.GetFiles(Path.Combine(folder, "staging"), abandoned!.StoredName, SearchOption.AllDirectories).Single();
        File.SetLastWriteTimeUtc(abandonedPath, DateTime.UtcNow.AddHours(-25));
        File.SetLastWriteTimeUtc(Path.Combine(folder, filed.StoredName), DateTime.UtcNow.AddDays(-400));

        var (fresh, _) = await store.StageAsync(Pdf("c.pdf"), "another-account");

        Assert.False(store.Exists(Account, abandoned.StoredName));
        Assert.True(store.Exists("another-account", fresh!.StoredName));
        using var kept = store.Open(filed.StoredName);
        Assert.NotNull(kept);
    }

    [Fact]
    public async Task A_new_check_replaces_the_accounts_earlier_staging_but_what_its_draft_carries()
    {
        using var store = Store;
        var (first, _) = await store.StageAsync(Pdf("a.pdf"), Account);
        var (second, _) = await store.StageAsync(Pdf("b.pdf"), Account);
        var (other, _) = await store.StageAsync(Pdf("c.pdf"), "another-account");

        var stillStaged = store.ReplaceStaging(Account, [second!.StoredName]);

        Assert.Equal(Pdf("b.pdf").Length, stillStaged);
        Assert.False(store.Exists(Account, first!.StoredName));
        Assert.True(store.Exists(Account, second.StoredName));
        Assert.True(store.Exists("another-account", other!.StoredName));
        Assert.Equal(0, store.ReplaceStaging("nobody", []));
    }

    [Fact]
    public void The_hourly_allowance_of_an_account_is_spent_by_its_uploads_only()
    {
        using var store = new AttachmentStore(Options.Create(new FilingOptions
        {
            Attachments = new AttachmentOptions { Folder = folder, MaxUploadBytesPerAccountPerHour = 30 * 1024 * 1024 },
        }));

        Assert.True(store.TryReserve(Account, 10 * 1024 * 1024));
        Assert.True(store.TryReserve(Account, 10 * 1024 * 1024));
        Assert.False(store.TryReserve(Account, 11 * 1024 * 1024));
        Assert.True(store.TryReserve(Account, 9 * 1024 * 1024)); // a refusal took nothing
        Assert.True(store.TryReserve("another-account", 30 * 1024 * 1024));
    }

    private static FormFile Pdf(string name)
    {
        var bytes = "%PDF-1.4\n%%EOF\n"u8.ToArray();
        return new FormFile(new MemoryStream(bytes), 0, bytes.Length, "Attachments", name);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
