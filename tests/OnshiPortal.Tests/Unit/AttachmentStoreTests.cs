using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Filings;

namespace OnshiPortal.Tests.Unit;

/// <summary>Uploads wait in staging until their filing is confirmed; what nobody confirmed is gone a day later.</summary>
public sealed class AttachmentStoreTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("onshi-attachments-").FullName;

    private AttachmentStore Store => new(Options.Create(new FilingOptions { Attachments = new AttachmentOptions { Folder = folder } }));

    [Fact]
    public async Task A_staged_upload_is_readable_only_once_committed()
    {
        var (staged, error) = await Store.StageAsync(Pdf("注文書.pdf"));

        Assert.Null(error);
        Assert.True(Store.Exists(staged!.StoredName));
        Assert.Null(Store.Open(staged.StoredName));

        Store.Commit(staged.StoredName);
        Store.Commit(staged.StoredName); // a retried transaction

        Assert.False(Store.Exists(staged.StoredName));
        using var stream = Store.Open(staged.StoredName);
        Assert.NotNull(stream);
    }

    [Fact]
    public async Task An_upload_left_in_staging_for_a_day_is_removed_and_a_committed_one_is_kept()
    {
        var (abandoned, _) = await Store.StageAsync(Pdf("a.pdf"));
        var (filed, _) = await Store.StageAsync(Pdf("b.pdf"));
        Store.Commit(filed!.StoredName);
        File.SetLastWriteTimeUtc(Path.Combine(folder, "staging", abandoned!.StoredName), DateTime.UtcNow.AddHours(-25));
        File.SetLastWriteTimeUtc(Path.Combine(folder, filed.StoredName), DateTime.UtcNow.AddDays(-400));

        var (fresh, _) = await Store.StageAsync(Pdf("c.pdf"));

        Assert.False(Store.Exists(abandoned.StoredName));
        Assert.True(Store.Exists(fresh!.StoredName));
        using var kept = Store.Open(filed.StoredName);
        Assert.NotNull(kept);
    }

    private static FormFile Pdf(string name)
    {
        var bytes = "%PDF-1.4\n%%EOF\n"u8.ToArray();
        return new FormFile(new MemoryStream(bytes), 0, bytes.Length, "Attachments", name);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
