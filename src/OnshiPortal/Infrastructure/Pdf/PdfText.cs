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
        ArgumentNullException.ThrowIfNull(markup);
        var runs = wrappedRuns ??= new List<Run>(64);
        runs.Clear();
        var lines = Wrap(markup, width, hangingIndent, runs);
        var (line, lineTop, left) = (-1, top, 0.0);
        foreach (var run in runs)
        {
            if (run.Line != line)
            {
                for (line = Math.Max(line, 0); line < run.Line; line++)
                {
                    lineTop += LineHeight;
                }

                left = x + (line > 0 ? hangingIndent : 0);
            }

            var font = run.Bold ? Bold : Regular;
            graphics.DrawString(markup.Substring(run.Start, run.Length), font, XBrushes.Black, left, Baseline(lineTop));
            left += Width(markup.AsSpan(run.Start, run.Length), run.Bold);
        }

        for (var i = 0; i < lines; i++)
        {
            top += LineHeight;
        }

        return top;
    }

    /// <summary>The height a paragraph would take.</summary>
    public double Measure(string markup, double width, double hangingIndent = 0)
    {
        ArgumentNullException.ThrowIfNull(markup);
        return Wrap(markup, width, hangingIndent, runs: null) * LineHeight;
    }

    private double Baseline(double top) => top + (Size * 1.05) + ((LineHeight - (Size * 1.2)) / 2);

    /// <summary>A run of one weight on one wrapped line: characters of the markup, which holds no marker inside it.</summary>
    private readonly record struct Run(int Start, int Length, bool Bold, int Line);

    /// <summary>
    /// The runs of the paragraph being drawn on this thread, reused: every letter wraps its address and name again,
    /// and the runs are positions in the markup, so wrapping makes no strings (the drawing makes one per run).
    /// </summary>
    [ThreadStatic]
    private static List<Run>? wrappedRuns;

    /// <summary>Breaks markup into lines of at most <paramref name="width"/>; returns the number of lines and, if asked, their runs.</summary>
    private int Wrap(string markup, double width, double hangingIndent, List<Run>? runs)
    {
        var (lines, used, unitsOnLine) = (0, 0.0, 0);
        var (at, bold) = (0, false);
        while (NextUnit(markup, ref at, ref bold, out var start, out var length))
        {
            if (length == 1 && markup[start] == '\n')
            {
                (lines, used, unitsOnLine) = (lines + 1, 0, 0);
                continue;
            }

            var unit = markup.AsSpan(start, length);
            var unitWidth = Width(unit, bold);
            var available = width - (lines > 0 ? hangingIndent : 0);
            var hangs = length == 1 && NoLineStart.Contains(unit[0], StringComparison.Ordinal);
            if (unitsOnLine > 0 && used + unitWidth > available && !hangs)
            {
                (lines, used, unitsOnLine) = (lines + 1, 0, 0);
            }

            if (runs is not null)
            {
                // Units of one weight next to each other on a line are drawn as one run.
                if (unitsOnLine > 0 && runs[^1] is var last && last.Bold == bold && last.Start + last.Length == start)
                {
                    runs[^1] = last with { Length = last.Length + length };
                }
                else
                {
                    runs.Add(new Run(start, length, bold, lines));
                }
            }

            unitsOnLine++;
            used += unitWidth;
        }

        return unitsOnLine > 0 ? lines + 1 : lines;
    }

    /// <summary>
    /// The next breakable unit of markup from <paramref name="at"/>: one character (a surrogate pair, a line break), or
    /// one run of printable ASCII; "**" markers before it switch <paramref name="bold"/>, which is then the unit's weight.
    /// </summary>
    private static bool NextUnit(string markup, ref int at, ref bool bold, out int start, out int length)
    {
        while (at < markup.Length)
        {
            if (IsMarker(markup, at))
            {
                bold = !bold;
                at += 2;
                continue;
            }

            start = at;
            if (markup[at] is > ' ' and <= '~')
            {
                while (at < markup.Length && markup[at] is > ' ' and <= '~' && !IsMarker(markup, at))
                {
                    at++;
                }
            }
            else
            {
                at += char.IsHighSurrogate(markup[at]) && at + 1 < markup.Length ? 2 : 1;
            }

            length = at - start;
            return true;
        }

        (start, length) = (at, 0);
        return false;
    }

    private static bool IsMarker(string markup, int at) => markup[at] == '*' && at + 1 < markup.Length && markup[at + 1] == '*';

    /// <summary>The width of a run of text in points at this size.</summary>
    public double Width(string text, bool bold = false) => Width(text.AsSpan(), bold);

    private double Width(ReadOnlySpan<char> text, bool bold)
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
