namespace OnshiPortal.Features.News;

/// <summary>The <c>News</c> section of the configuration.</summary>
public sealed class NewsOptions
{
    public const string Section = "News";

    /// <summary>
    /// Where earlier versions kept the attached PDFs on disk (relative to the current folder, as the database is).
    /// Read only by <c>onshi db migrate</c>, which moves them into the database (<see cref="NoticeAttachmentImport"/>).
    /// </summary>
    public string AttachmentFolder { get; set; } = "data/news";

    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    public int MaxFiles { get; set; } = 5;

    /// <summary>Notices on one page of the public list.</summary>
    public int PageSize { get; set; } = 20;

    /// <summary>Notices on the top page.</summary>
    public int Latest { get; set; } = 5;
}
