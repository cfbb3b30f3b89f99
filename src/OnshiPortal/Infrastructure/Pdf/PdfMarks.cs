using System.Globalization;
using System.Text;
using PdfSharp.Pdf;

namespace OnshiPortal.Infrastructure.Pdf;

/// <summary>
/// Black filled rectangles (the modules of a QR code, the bars of a postal barcode) written straight into a page's
/// content as PDF operators. PDFsharp's path drawing costs about a millisecond for one QR code, which on a national
/// mailing of 100,000 letters is the largest single cost; these few hundred <c>re</c> operators cost almost nothing.
/// Coordinates are given as PDFsharp's (points, origin top-left) and flipped to PDF's (origin bottom-left).
/// </summary>
public sealed class PdfMarks
{
    /// <summary>
    /// The builders of the marks last written on this thread, kept for the next page's: a letter's marks are about
    /// 6 KB of text, and new builders for every one of 100,000 letters (with their growth, and the text copied once
    /// more to join them) were about a quarter of the renderer's allocations.
    /// </summary>
    [ThreadStatic]
    private static (StringBuilder Operators, StringBuilder Grids)? spare;

    private readonly double pageHeight;

    private readonly StringBuilder operators;

    /// <summary>Grids of unit cells (QR codes), each its own filled path in its own coordinate system.</summary>
    private readonly StringBuilder grids;

    /// <summary>The side, in cells, of the grid begun last.</summary>
    private int gridCells;

    public PdfMarks(double pageHeight)
    {
        this.pageHeight = pageHeight;

        // This page's until PrependTo gives them back: marks of another page begun meanwhile get builders of their own.
        (operators, grids) = spare ?? (new StringBuilder(4096), new StringBuilder(4096));
        spare = null;
    }

    public void Rectangle(double x, double top, double width, double height)
    {
        Number(x);
        operators.Append(' ');
        Number(pageHeight - top - height);
        operators.Append(' ');
        Number(width);
        operators.Append(' ');
        Number(height);
        operators.Append(" re\n");
    }

    /// <summary>
    /// Starts a grid of square cells (a QR code's modules): <paramref name="cells"/> cells a side of
    /// <paramref name="cell"/> points each, its top-left corner at x, top. Its cells are then given by
    /// <see cref="Cells"/> in whole cells, written as small integers under one scaling transform instead of page
    /// coordinates with decimals: a third of the bytes, and no number formatting but the integers'.
    /// </summary>
    public void BeginGrid(double x, double top, double cell, int cells)
    {
        grids.Append("q ");
        Number(grids, cell);
        grids.Append(" 0 0 ");
        Number(grids, cell);
        grids.Append(' ');
        Number(grids, x);
        grids.Append(' ');
        Number(grids, pageHeight - top - (cell * cells));
        grids.Append(" cm\n");
        gridCells = cells;
    }

    /// <summary>A run of cells in one row of the grid begun last (row 0 at the top, column 0 at the left).</summary>
    public void Cells(int row, int column, int count)
    {
        grids.Append(column).Append(' ').Append(gridCells - 1 - row).Append(' ').Append(count).Append(" 1 re\n");
    }

    /// <summary>Fills the grid's cells.</summary>
    public void EndGrid() => grids.Append("f Q\n");

    /// <summary>
    /// Puts the marks first in the page's content, in their own saved graphics state, so that whatever PDFsharp's own
    /// drawing does to the state afterwards cannot move them.
    /// </summary>
    public void PrependTo(PdfPage page)
    {
        if (operators.Length == 0 && grids.Length == 0)
        {
            spare = (operators, grids);
            return;
        }

        var content = page.Contents.PrependContent();
        const string Begin = "q 0 g\n", Fill = "f\n", End = "Q\n";
        var bytes = new byte[Begin.Length + operators.Length + (operators.Length > 0 ? Fill.Length : 0) + grids.Length + End.Length];
        var at = Encoding.ASCII.GetBytes(Begin.AsSpan(), bytes);
        if (operators.Length > 0)
        {
            at += Copy(operators, bytes.AsSpan(at));
            at += Encoding.ASCII.GetBytes(Fill.AsSpan(), bytes.AsSpan(at));
        }

        at += Copy(grids, bytes.AsSpan(at));
        Encoding.ASCII.GetBytes(End.AsSpan(), bytes.AsSpan(at));
        content.CreateStream(bytes);

        // The page has its bytes: the builders serve the next page's marks on this thread.
        operators.Clear();
        grids.Clear();
        spare = (operators, grids);
    }

    private static int Copy(StringBuilder from, Span<byte> to)
    {
        var at = 0;
        foreach (var chunk in from.GetChunks())
        {
            at += Encoding.ASCII.GetBytes(chunk.Span, to[at..]);
        }

        return at;
    }

    /// <summary>
    /// Appends a number as <c>0.###</c> in the invariant culture would (rounded half away from zero to three
    /// decimals, no trailing zeros, no "-0"), without the general formatter: a letter writes about two thousand of
    /// them, and the formatter was a sixth of an export's time.
    /// </summary>
    internal void Number(double value) => Number(operators, value);

    private static void Number(StringBuilder to, double value)
    {
        var thousandths = Math.Round(value * 1000, MidpointRounding.AwayFromZero);
        if (double.IsNaN(thousandths) || Math.Abs(thousandths) >= 1e15
            || Math.Abs((value * 1000) - thousandths) is > 0.4999 and < 0.5001)
        {
            // Out of range, or so close to a rounding midpoint that the product's own error could decide it: leave
            // it to the formatter, which rounds the exact decimal value.
            to.Append(value.ToString("0.###", CultureInfo.InvariantCulture));
            return;
        }

        var scaled = (long)thousandths;
        if (scaled < 0)
        {
            to.Append('-');
            scaled = -scaled;
        }

        to.Append(scaled / 1000);
        var fraction = (int)(scaled % 1000);
        if (fraction == 0)
        {
            return;
        }

        to.Append('.');
        to.Append((char)('0' + (fraction / 100)));
        fraction %= 100;
        if (fraction != 0)
        {
            to.Append((char)('0' + (fraction / 10)));
            fraction %= 10;
            if (fraction != 0)
            {
                to.Append((char)('0' + fraction));
            }
        }
    }
}
