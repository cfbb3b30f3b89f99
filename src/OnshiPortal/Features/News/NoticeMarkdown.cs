using Ganss.Xss;
using Markdig;
using Markdig.Syntax;

namespace OnshiPortal.Features.News;

/// <summary>
/// A notice's body, written by operators in Markdown, as HTML that is safe to put in a page. Two walls: Markdig
/// with raw HTML disabled (a typed <c>&lt;script&gt;</c> becomes text), then an allow-list sanitiser over what
/// Markdig wrote (a <c>javascript:</c> link, an event handler or a tag outside the list never reaches the page,
/// whatever a future Markdig extension emits). The page's CSP forbids inline script and style on top.
/// </summary>
public static class NoticeMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseAutoLinks()
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    private static readonly HtmlSanitizer Sanitizer = new(new HtmlSanitizerOptions
    {
        AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr",
            "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
        },
        AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "title", "start" },
        AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
        UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
        AllowedCssProperties = new HashSet<string>(),
        AllowedClasses = new HashSet<string>(),
    });

    public static string ToSafeHtml(string? markdown)
    {
        var document = Markdown.Parse(markdown ?? string.Empty, Pipeline);

        // The notice's title is the page's only h1: "# 見出し" in a body becomes h2, and so on down.
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            heading.Level = Math.Min(6, heading.Level + 1);
        }

        return Sanitizer.Sanitize(document.ToHtml(Pipeline));
    }
}
