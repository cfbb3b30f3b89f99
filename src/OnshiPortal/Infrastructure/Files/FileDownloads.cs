using Microsoft.AspNetCore.Mvc;

namespace OnshiPortal.Infrastructure.Files;

/// <summary>A stored file as an HTTP download, streamed from the database.</summary>
public static class FileDownloads
{
    /// <summary>
    /// The file as an attachment (Content-Disposition with the name, also in UTF-8 for Japanese names) with its
    /// Content-Length, so that a read that fails its checksum at the end shows as a broken download rather than a
    /// complete one. <paramref name="personal"/>: no browser, proxy or shared workstation may keep a copy (pages get
    /// this from <see cref="Web.NoStoreFiles"/> as well; other endpoints only from here). Null when the file is not
    /// there (unknown or incomplete): answer 404. Call it only after the caller's access check.
    /// </summary>
    public static async Task<FileStreamResult?> DownloadAsync(
        this FileStore store,
        HttpContext context,
        Guid id,
        string? downloadName = null,
        string? contentType = null,
        bool personal = true,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(context);
        if (await store.OpenReadAsync(id, cancellationToken) is not StoredFileStream stream)
        {
            return null;
        }

        var info = stream.File;
        var response = context.Response;
        response.ContentLength = info.Length;
        if (personal)
        {
            response.Headers.CacheControl = "no-store";
            response.Headers.Pragma = "no-cache";
        }

        return new FileStreamResult(stream, contentType ?? info.ContentType) { FileDownloadName = downloadName ?? info.Name };
    }
}
