using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace OnshiPortal.Features.News;

/// <summary>
/// The attached PDFs, in a folder outside the web root that only the app serves. An upload is first staged (the
/// check page comes between upload and save), then moved in when the notice is saved. Every stored name is
/// random: the uploader's file name is kept only as text.
/// </summary>
public sealed partial class NoticeFiles(IOptions<NewsOptions> options)
{
    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();

    private readonly NewsOptions options = options.Value;

    public int MaxFiles => options.MaxFiles;

    private string Folder => Path.GetFullPath(options.AttachmentFolder);

    private string Staging => Path.Combine(Folder, "staging");

    /// <summary>Checks one upload (a real PDF by its first bytes, not by its name) and stages it; or says why not.</summary>
    public async Task<(NoticeFileEntry? Entry, string? Error)> StageAsync(IFormFile file, CancellationToken cancellationToken)
    {
        var name = DisplayName(file.FileName);
        if (file.Length == 0)
        {
            return (null, $"「{name}」は空のファイルです。");
        }

        if (file.Length > options.MaxFileBytes)
        {
            return (null, $"「{name}」は大きすぎます（{options.MaxFileBytes / 1024 / 1024}MBまで）。");
        }

        await using var input = file.OpenReadStream();
        var head = new byte[PdfMagic.Length];
        var read = await input.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        if (read < head.Length || !head.AsSpan().SequenceEqual(PdfMagic))
        {
            return (null, $"「{name}」はPDFファイルではありません。添付できるのはPDFファイルだけです。");
        }

        Directory.CreateDirectory(Staging);
        RemoveStaleStagedFiles();
        var stored = Guid.NewGuid().ToString("N") + ".pdf";
        await using (var output = File.Create(Path.Combine(Staging, stored)))
        {
            await output.WriteAsync(head, cancellationToken);
            await input.CopyToAsync(output, cancellationToken);
        }

        return (new NoticeFileEntry(null, stored, name, file.Length), null);
    }

    public bool IsStaged(string storedName) => IsStoredName(storedName) && File.Exists(Path.Combine(Staging, storedName));

    /// <summary>Moves a staged file in; called before the notice is saved, so a failed save leaves only an unused file.</summary>
    public void Commit(string storedName)
    {
        Directory.CreateDirectory(Folder);
        File.Move(Path.Combine(Staging, Checked(storedName)), Path.Combine(Folder, storedName), overwrite: false);
    }

    /// <summary>The file of a saved attachment, or null when it is missing.</summary>
    public string? PathOf(string storedName)
    {
        var path = Path.Combine(Folder, Checked(storedName));
        return File.Exists(path) ? path : null;
    }

    public void Delete(string storedName) => File.Delete(Path.Combine(Folder, Checked(storedName)));

    /// <summary>The name as shown and offered on download: no folder part, no control characters, ends in .pdf.</summary>
    public static string DisplayName(string uploaded)
    {
        var name = Path.GetFileName(uploaded.Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length == 0)
        {
            name = "添付ファイル.pdf";
        }

        if (!name.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase))
        {
            name += ".pdf";
        }

        return name.Length > 200 ? name[..196] + ".pdf" : name;
    }

    private static string Checked(string storedName) =>
        IsStoredName(storedName) ? storedName : throw new ArgumentException("Not a stored attachment name.", nameof(storedName));

    private static bool IsStoredName(string storedName) => StoredNamePattern().IsMatch(storedName);

    /// <summary>Uploads whose check page was abandoned: gone after a day (a draft seal lives 30 minutes).</summary>
    private void RemoveStaleStagedFiles()
    {
        // The file system's clock, not the app's TimeProvider: these are the files' own times.
        var limit = DateTime.UtcNow.AddDays(-1);
        foreach (var file in new DirectoryInfo(Staging).EnumerateFiles("*.pdf"))
        {
            if (file.LastWriteTimeUtc < limit)
            {
                file.Delete();
            }
        }
    }

    [GeneratedRegex("^[0-9a-f]{32}\\.pdf$")]
    private static partial Regex StoredNamePattern();
}

/// <summary>A file of a notice being written: a saved attachment (<see cref="AttachmentId"/>) or a staged upload.</summary>
public sealed record NoticeFileEntry(long? AttachmentId, string? StagedName, string FileName, long Size)
{
    /// <summary>The value of its 削除 checkbox.</summary>
    public string Key => AttachmentId is { } id ? "a" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) : "s" + StagedName;
}
