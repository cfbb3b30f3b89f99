using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace OnshiPortal.Features.News;

/// <summary>
/// A notice's Markdown as a plain-text mail reads it: no <c>##</c> or <c>**</c> left, headings marked with ■, list
/// items with ・ or their number, a link as its text with the address in brackets (mail readers make it clickable),
/// table rows with their cells between │. A link to anything but http(s) or mailto keeps only its text, as the
/// HTML part's sanitiser does.
/// </summary>
public static class NoticePlainText
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseAutoLinks()
        .Build();

    public static string From(string? markdown)
    {
        var document = Markdown.Parse(markdown ?? string.Empty, Pipeline);
        var text = new StringBuilder();
        foreach (var block in document)
        {
            Block(text, block, indent: string.Empty);
        }

        return text.ToString().TrimEnd('\n');
    }

    private static void Block(StringBuilder text, Block block, string indent)
    {
        switch (block)
        {
            case HeadingBlock heading:
                text.Append(indent).Append("■ ").Append(Inlines(heading.Inline)).Append("\n\n");
                break;
            case ParagraphBlock paragraph:
                AppendLines(text, indent, Inlines(paragraph.Inline));
                text.Append('\n');
                break;
            case ListBlock list:
                var number = int.TryParse(list.OrderedStart, out var start) ? start : 1;
                foreach (var item in list.OfType<ListItemBlock>())
                {
                    var marker = list.IsOrdered ? $"{number++}. " : "・";
                    var inner = new StringBuilder();
                    foreach (var child in item)
                    {
                        Block(inner, child, string.Empty);
                    }

                    var lines = inner.ToString().TrimEnd('\n').Replace("\n\n", "\n", StringComparison.Ordinal).Split('\n');
                    text.Append(indent).Append(marker).Append(lines[0]).Append('\n');
                    foreach (var line in lines.Skip(1))
                    {
                        text.Append(indent).Append(new string('　', 1)).Append(line).Append('\n');
                    }
                }

                text.Append('\n');
                break;
            case QuoteBlock quote:
                foreach (var child in quote)
                {
                    Block(text, child, indent + "＞ ");
                }

                break;
            case CodeBlock code:
                AppendLines(text, indent, code.Lines.ToString());
                text.Append('\n');
                break;
            case ThematicBreakBlock:
                text.Append(indent).Append("――――――――――").Append("\n\n");
                break;
            case Table table:
                foreach (var row in table.OfType<TableRow>())
                {
                    var cells = row.OfType<TableCell>().Select(cell => string.Join(" ", cell.OfType<ParagraphBlock>().Select(p => Inlines(p.Inline))));
                    text.Append(indent).Append("│ ").Append(string.Join(" │ ", cells)).Append(" │\n");
                }

                text.Append('\n');
                break;
            case ContainerBlock container:
                foreach (var child in container)
                {
                    Block(text, child, indent);
                }

                break;
        }
    }

    private static void AppendLines(StringBuilder text, string indent, string lines)
    {
        foreach (var line in lines.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'))
        {
            text.Append(indent).Append(line).Append('\n');
        }
    }

    private static string Inlines(ContainerInline? container)
    {
        var text = new StringBuilder();
        foreach (var child in container ?? Enumerable.Empty<Inline>())
        {
            Inline(text, child);
        }

        return text.ToString();
    }

    private static void Inline(StringBuilder text, Inline inline)
    {
        switch (inline)
        {
            case LiteralInline literal:
                text.Append(literal.Content.ToString());
                break;
            case CodeInline code:
                text.Append(code.Content);
                break;
            case LineBreakInline:
                text.Append('\n');
                break;
            case HtmlEntityInline entity:
                text.Append(entity.Transcoded.ToString());
                break;
            case AutolinkInline autolink:
                text.Append(Safe(autolink.Url) ? autolink.Url : string.Empty);
                break;
            case LinkInline link:
                var label = Inlines(link);
                text.Append(label);
                if (link.Url is { } url && Safe(url) && url != label && !link.IsImage)
                {
                    text.Append('（').Append(url).Append('）');
                }

                break;
            case ContainerInline container:
                foreach (var child in container)
                {
                    Inline(text, child);
                }

                break;
        }
    }

    /// <summary>The schemes the HTML part's sanitiser lets through.</summary>
    private static bool Safe(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto";
}
