using System.Collections.Concurrent;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace OnshiPortal.Infrastructure.Pdf;

/// <summary>
/// Japanese paragraphs for PDFsharp, whose own XTextFormatter breaks lines only at spaces (Japanese has none).
/// Lines break between any two characters, except inside a run of ASCII (a URL, a phone number, a login ID) and
/// before closing punctuation (、。」), which hangs at the end of the line instead (追い出しなしのぶら下げ禁則).
/// Markup: **bold**, and \n for a line break inside a paragraph.
/// </summary>
public sealed class PdfText
{
    private const string NoLineStart = "、。，．）」』】〕！？ー・：；";

    private readonly XGraphics graphics;
    /// <summary>
    /// Advance widths per character at a size of 1 pt, shared by every thread and document: a string's width is the sum
    /// of its characters' (PDFsharp applies no kerning), and letters repeat the same few thousand characters, so each is
    /// measured once per process instead of on every page.
    /// </summary>
    private static readonly ConcurrentDictionary<(int CodePoint, bool Bold), double> EmWidths = new();

    /// <summary>
    /// The fonts of each size, made once per process: an XFont is an immutable description that PDFsharp maps to each
    /// document's own font object, and making one looks the typeface up under PDFsharp's global font lock, which a
    /// letter's dozen texts in each of two rendering threads otherwise queue on.
    /// </summary>
    private static readonly ConcurrentDictionary<(double Size, bool Bold), XFont> Fonts = new();

    public PdfText(XGraphics graphics, double size, double lineSpacing = 1.6)
    {
        PortalFontResolver.Register();
        this.graphics = graphics;
        Size = size;
        LineHeight = size * lineSpacing;
        Regular = Font(size, bold: false);
        Bold = Font(size, bold: true);
    }

    private static XFont Font(double size, bool bold) =>
        Fonts.GetOrAdd((size, bold), key => new XFont(
            PortalFontResolver.FamilyName, key.Size, key.Bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode)));

    public double Size { get; }

    public double LineHeight { get; }

    public XFont Regular { get; }

    public XFont Bold { get; }

    /// <summary>Draws one line without wrapping; top is the top of the line box.</summary>
    public void Line(string text, double x, double top, bool bold = false, XStringAlignment align = XStringAlignment.Near)
    {
        var font = bold ? Bold : Regular;
        var width = Width(text, bold);
        var left = align switch
        {
            XStringAlignment.Far => x - width,
            XStringAlignment.Center => x - (width / 2),
            _ => x,
        };
        graphics.DrawString(text, font, XBrushes.Black, left, Baseline(top));
    }

    /// <summary>Draws a wrapped paragraph; returns the top of the line after it.</summary>
    public double Paragraph(string markup, double x, double top, double width, double hangingIndent = 0)
    {
        foreach (var line in Wrap(markup, width, hangingIndent))
        {
            var left = x + (line.Indented ? hangingIndent : 0);
            foreach (var (text, bold) in line.Runs)
            {
                var font = bold ? Bold : Regular;
                graphics.DrawString(text, font, XBrushes.Black, left, Baseline(top));
                left += Width(text, bold);
            }

            top += LineHeight;
        }

        return top;
    }

    /// <summary>The height a paragraph would take.</summary>
    public double Measure(string markup, double width, double hangingIndent = 0) =>
        Wrap(markup, width, hangingIndent).Count * LineHeight;

    private double Baseline(double top) => top + (Size * 1.05) + ((LineHeight - (Size * 1.2)) / 2);

    private sealed record WrappedLine(bool Indented, List<(string Text, bool Bold)> Runs);

    private List<WrappedLine> Wrap(string markup, double width, double hangingIndent)
    {
        var lines = new List<WrappedLine>();
        var units = new List<(string Text, bool Bold)>();
        var used = 0.0;

        void Flush()
        {
            lines.Add(new WrappedLine(lines.Count > 0, Merge(units)));
            units = [];
            used = 0;
        }

        foreach (var (text, bold) in Units(markup))
        {
            if (text == "\n")
            {
                Flush();
                continue;
            }

            var unitWidth = Width(text, bold);
            var available = width - (lines.Count > 0 ? hangingIndent : 0);
            var hangs = text.Length == 1 && NoLineStart.Contains(text[0], StringComparison.Ordinal);
            if (units.Count > 0 && used + unitWidth > available && !hangs)
            {
                Flush();
            }

            units.Add((text, bold));
            used += unitWidth;
        }

        if (units.Count > 0)
        {
            Flush();
        }

        return lines;
    }

    /// <summary>Splits markup into breakable units: one character, or one run of printable ASCII.</summary>
    private static IEnumerable<(string Text, bool Bold)> Units(string markup)
    {
        var bold = false;
        var ascii = new StringBuilder();
        for (var i = 0; i < markup.Length; i++)
        {
            var c = markup[i];
            if (c == '*' && i + 1 < markup.Length && markup[i + 1] == '*')
            {
                if (ascii.Length > 0)
                {
                    yield return (ascii.ToString(), bold);
                    ascii.Clear();
                }

                bold = !bold;
                i++;
                continue;
            }

            if (c is > ' ' and <= '~')
            {
                ascii.Append(c);
                continue;
            }

            if (ascii.Length > 0)
            {
                yield return (ascii.ToString(), bold);
                ascii.Clear();
            }

            if (char.IsHighSurrogate(c) && i + 1 < markup.Length)
            {
                yield return (markup.Substring(i++, 2), bold);
            }
            else
            {
                yield return (c.ToString(), bold);
            }
        }

        if (ascii.Length > 0)
        {
            yield return (ascii.ToString(), bold);
        }
    }

    private static List<(string Text, bool Bold)> Merge(List<(string Text, bool Bold)> units)
    {
        var runs = new List<(string Text, bool Bold)>();
        foreach (var unit in units)
        {
            if (runs.Count > 0 && runs[^1].Bold == unit.Bold)
            {
                runs[^1] = (runs[^1].Text + unit.Text, unit.Bold);
            }
            else
            {
                runs.Add(unit);
            }
        }

        return runs;
    }

    /// <summary>The width of a run of text in points at this size.</summary>
    public double Width(string text, bool bold = false)
    {
        var total = 0.0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (!EmWidths.TryGetValue((rune.Value, bold), out var em))
            {
                em = graphics.MeasureString(rune.ToString(), bold ? Bold : Regular).Width / Size;
                EmWidths.TryAdd((rune.Value, bold), em);
            }

            total += em;
        }

        return total * Size;
    }
}
