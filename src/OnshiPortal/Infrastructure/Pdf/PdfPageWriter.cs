using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace OnshiPortal.Infrastructure.Pdf;

/// <summary>
/// Writes an A4 portrait document in BIZ UDGothic down the page, block by block (a title, headings, label and value
/// rows, paragraphs, table rows), and starts a new page when the next block does not fit: the portal's documents
/// that are read, not posted in a window envelope (a filing's copy, the succession's guidance, a payment batch's summary).
/// </summary>
public sealed class PdfPageWriter
{
    private const double PointsPerMm = 72 / 25.4;
    private const double Left = 20;
    private const double Width = 170;
    private const double Bottom = 280;

    private readonly PdfDocument document;
    private XGraphics graphics = default!;
    private PdfText text = default!;
    private PdfText bold = default!;
    private PdfText table = default!;
    private double y;

    public PdfPageWriter(PdfDocument document)
    {
        this.document = document;
        NewPage();
    }

    /// <summary>The usable width of the page, in millimetres.</summary>
    public static double ContentWidth => Width;

    public static PdfDocument NewDocument(string title)
    {
        PortalFontResolver.Register();
        var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Creator = "OnshiPortal";
        return document;
    }

    public static byte[] Save(PdfDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    public void Title(string title)
    {
        var big = new PdfText(graphics, 14, 1.5);
        Fit(big.Measure($"**{title}**", Mm(Width)) + Mm(4));
        y = big.Paragraph($"**{title}**", Mm(Left), y, Mm(Width)) + Mm(4);
    }

    public void Heading(string heading)
    {
        Fit(bold.LineHeight * 2);
        y = bold.Paragraph($"**{heading}**", Mm(Left), y, Mm(Width)) + Mm(1);
        Rule();
    }

    public void Row(string label, string value, bool bold = false)
    {
        var labelWidth = Mm(55);
        var valueWidth = Mm(Width - 57);
        var markup = bold ? $"**{Escape(value)}**" : Escape(value);
        var height = Math.Max(text.Measure(Escape(label), labelWidth), text.Measure(markup, valueWidth));
        Fit(height);
        text.Paragraph(Escape(label), Mm(Left), y, labelWidth);
        text.Paragraph(markup, Mm(Left + 57), y, valueWidth);
        y += height + Mm(1);
    }

    /// <summary>
    /// One row of a table: each cell in its column (widths in millimetres, summing to at most <see cref="ContentWidth"/>),
    /// numbers aligned right; a long cell wraps within its column and the row is as high as its highest cell.
    /// </summary>
    public void TableRow(IReadOnlyList<PdfColumn> columns, IReadOnlyList<string> cells, bool bold = false)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(cells);
        var height = columns.Select((c, i) => table.Measure(Markup(cells[i], bold), Mm(c.Width - 1.5))).Max();
        Fit(height + Mm(1.5));
        var x = Left;
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Right)
            {
                table.Line(cells[i], Mm(x + columns[i].Width - 1.5), y, bold, XStringAlignment.Far);
            }
            else
            {
                table.Paragraph(Markup(cells[i], bold), Mm(x), y, Mm(columns[i].Width - 1.5));
            }

            x += columns[i].Width;
        }

        y += height + Mm(0.5);
        graphics.DrawLine(new XPen(XColors.LightGray, 0.3), Mm(Left), y, Mm(Left + columns.Sum(c => c.Width)), y);
        y += Mm(1);
    }

    public void Paragraph(string value)
    {
        var height = text.Measure(Escape(value), Mm(Width));
        Fit(height);
        y = text.Paragraph(Escape(value), Mm(Left), y, Mm(Width)) + Mm(1.5);
    }

    public void Note(string value)
    {
        var small = new PdfText(graphics, 8.5);
        Fit(small.Measure(value, Mm(Width)));
        y = small.Paragraph(Escape(value), Mm(Left), y, Mm(Width));
    }

    public void Gap() => y += Mm(4);

    /// <summary>Ends the last page's drawing; the document can be saved after it.</summary>
    public void Close() => graphics.Dispose();

    public void Address(string postalCode, string address, string name)
    {
        var top = Mm(17);
        text.Line($"〒{postalCode}", Mm(24), top);
        var next = text.Paragraph(Escape(address), Mm(24), top + text.LineHeight, Mm(82));
        new PdfText(graphics, 12).Paragraph($"**{Escape(name)}**", Mm(24), next + Mm(1), Mm(82));
    }

    public void RightLines(params string[] lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var top = Mm(17);
        foreach (var line in lines)
        {
            text.Line(line, Mm(Left + Width), top, align: XStringAlignment.Far);
            top += text.LineHeight;
        }

        y = Mm(64);
    }

    private static double Mm(double mm) => mm * PointsPerMm;

    /// <summary>Entries are people's own text: a "**" in them must not turn bold on.</summary>
    private static string Escape(string value) => value.Replace("**", "＊＊", StringComparison.Ordinal);

    private static string Markup(string value, bool bold) => bold ? $"**{Escape(value)}**" : Escape(value);

    private void Rule()
    {
        graphics.DrawLine(new XPen(XColors.Gray, 0.5), Mm(Left), y, Mm(Left + Width), y);
        y += Mm(1.5);
    }

    private void Fit(double height)
    {
        if (y + height > Mm(Bottom))
        {
            NewPage();
        }
    }

    private void NewPage()
    {
        graphics?.Dispose();
        var page = document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = PageOrientation.Portrait;
        graphics = XGraphics.FromPdfPage(page);
        text = new PdfText(graphics, 10, 1.5);
        bold = new PdfText(graphics, 11, 1.5);
        table = new PdfText(graphics, 8.5, 1.4);
        y = Mm(20);
    }
}

/// <summary>A table column of <see cref="PdfPageWriter.TableRow"/>: its width in millimetres, and whether its cells align right (amounts).</summary>
public readonly record struct PdfColumn(double Width, bool Right = false);
