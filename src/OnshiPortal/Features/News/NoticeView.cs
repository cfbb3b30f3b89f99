using System.Globalization;

namespace OnshiPortal.Features.News;

/// <summary>What <c>_NoticeArticle</c> shows: a saved notice, or one still on the operator's check page.</summary>
public sealed record NoticeView(string Title, string Category, DateTimeOffset PublishAt, string Body, IReadOnlyList<NoticeViewFile> Files)
{
    public static NoticeView Of(Notice notice) => new(
        notice.Title,
        notice.Category.Name,
        notice.PublishAt,
        notice.Body,
        [.. notice.Attachments.OrderBy(a => a.Id).Select(a => new NoticeViewFile(a.FileName, a.Size, $"/news/{notice.Id}/files/{a.Id}"))]);

    public static string Size(long bytes) => bytes < 1024 * 1024
        ? $"{Math.Max(1, bytes / 1024).ToString(CultureInfo.InvariantCulture)}KB"
        : $"{(bytes / 1024d / 1024d).ToString("0.0", CultureInfo.InvariantCulture)}MB";
}

/// <summary>An attachment as listed; no link while it is only staged on the check page.</summary>
public sealed record NoticeViewFile(string FileName, long Size, string? Href);
