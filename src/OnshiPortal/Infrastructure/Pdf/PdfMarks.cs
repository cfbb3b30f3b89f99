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
public sealed class PdfMarks(double pageHeight)
{
    private readonly StringBuilder operators = new(4096);

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
    /// Puts the marks first in the page's content, in their own saved graphics state, so that whatever PDFsharp's own
    /// drawing does to the state afterwards cannot move them.
    /// </summary>
    public void PrependTo(PdfPage page)
    {
        if (operators.Length == 0)
        {
            return;
        }

        var content = page.Contents.PrependContent();
        content.CreateStream(Encoding.ASCII.GetBytes("q 0 g\n" + operators + "f Q\n"));
    }

    /// <summary>
    /// Appends a number as <c>0.###</c> in the invariant culture would (rounded half away from zero to three
    /// decimals, no trailing zeros, no "-0"), without the general formatter: a letter writes about two thousand of
    /// them, and the formatter was a sixth of an export's time.
    /// </summary>
    internal void Number(double value)
    {
        var thousandths = Math.Round(value * 1000, MidpointRounding.AwayFromZero);
        if (double.IsNaN(thousandths) || Math.Abs(thousandths) >= 1e15
            || Math.Abs((value * 1000) - thousandths) is > 0.4999 and < 0.5001)
        {
            // Out of range, or so close to a rounding midpoint that the product's own error could decide it: leave
            // it to the formatter, which rounds the exact decimal value.
            operators.Append(value.ToString("0.###", CultureInfo.InvariantCulture));
            return;
        }

        var scaled = (long)thousandths;
        if (scaled < 0)
        {
            operators.Append('-');
            scaled = -scaled;
        }

        operators.Append(scaled / 1000);
        var fraction = (int)(scaled % 1000);
        if (fraction == 0)
        {
            return;
        }

        operators.Append('.');
        operators.Append((char)('0' + (fraction / 100)));
        fraction %= 100;
        if (fraction != 0)
        {
            operators.Append((char)('0' + (fraction / 10)));
            fraction %= 10;
            if (fraction != 0)
            {
                operators.Append((char)('0' + fraction));
            }
        }
    }
}
