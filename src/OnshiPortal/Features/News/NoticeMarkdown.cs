using AngleSharp.Dom;
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

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
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

        // A link whose target the allow-list removed (javascript:, data:, …) would stay an <a> without href: drawn
        // as a link that goes nowhere. Its words are kept as plain text instead.
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement { LocalName: "a" } link && !link.HasAttribute("href"))
            {
                foreach (var child in link.ChildNodes.ToList())
                {
                    e.ReplacementNodes.Add(child);
                }

                if (e.ReplacementNodes.Count == 0)
                {
                    e.ReplacementNodes.Add(e.Document.CreateTextNode(string.Empty));
                }
            }
        };
        return sanitizer;
    }

    public static string ToSafeHtml(string? markdown)
    {
        var document = Markdown.Parse(markdown ?? string.Empty, Pipeline);

        NestHeadings(document);
        return Sanitizer.Sanitize(document.ToHtml(Pipeline));
    }

    /// <summary>
    /// The notice's title is the page's only h1, so the body's headings start at h2 and never skip a level (WCAG
    /// 1.3.1: a screen reader's list of headings is the outline): operators write "## 見出し" as the form's hint
    /// says, or "#", or jump from "##" to "####"; each heading becomes one level below the nearest earlier heading
    /// that the operator wrote higher, h2 when there is none.
    /// </summary>
    private static void NestHeadings(MarkdownDocument document)
    {
        var open = new Stack<(int Written, int Shown)>();
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            while (open.Count > 0 && open.Peek().Written >= heading.Level)
            {
                open.Pop();
            }

            var shown = Math.Min(6, open.Count == 0 ? 2 : open.Peek().Shown + 1);
            open.Push((heading.Level, shown));
            heading.Level = shown;
        }
    }
}
