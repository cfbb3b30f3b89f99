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
    private readonly StringBuilder operators = new();

    public void Rectangle(double x, double top, double width, double height) =>
        operators.Append(CultureInfo.InvariantCulture, $"{x:0.###} {pageHeight - top - height:0.###} {width:0.###} {height:0.###} re\n");

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
}
