using OnshiPortal.Infrastructure.Pdf;

namespace OnshiPortal.Features.Campaigns.Letters;

/// <summary>The QR code and the customer barcode, drawn as vector rectangles so that they print sharp at any DPI.</summary>
internal static class LetterGraphics
{
    public const double PointsPerMm = 72 / 25.4;

    /// <summary>2 pt per module (0.7 mm): at 300 dpi a module is 8 pixels, well above what phone cameras need.</summary>
    public const double QrModule = 2;

    public static double Mm(double mm) => mm * PointsPerMm;

    /// <summary>
    /// Draws the customer barcode at Japan Post's reference size (10 pt: bar 0.6 mm wide at a 1.2 mm pitch, long bar
    /// 3.6 mm, timing bar 1.2 mm in the middle third); x, y is the top-left of the first bar. Returns its width.
    /// </summary>
    public static double DrawCustomerBarcode(PdfMarks marks, IReadOnlyList<BarcodeBar> bars, double x, double y)
    {
        var third = Mm(1.2);
        for (var i = 0; i < bars.Count; i++)
        {
            var (top, height) = bars[i] switch
            {
                BarcodeBar.Full => (0.0, 3 * third),
                BarcodeBar.Ascender => (0.0, 2 * third),
                BarcodeBar.Descender => (third, 2 * third),
                _ => (third, third),
            };
            marks.Rectangle(x + (i * Mm(1.2)), y + top, Mm(0.6), height);
        }

        return ((bars.Count - 1) * Mm(1.2)) + Mm(0.6);
    }
}
