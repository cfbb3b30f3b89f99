using OnshiPortal.Infrastructure.Pdf;
using PdfSharp.Drawing;
using static OnshiPortal.Features.Campaigns.Letters.LetterGraphics;

namespace OnshiPortal.Features.Campaigns.Letters;

/// <summary>
/// The address block of every letter the portal posts (campaign letters, the notices of the print queue): postal code,
/// address and name with 御中, and the customer barcode, where the window of a 長3 envelope shows them.
/// </summary>
internal static class WindowAddress
{
    // 長3 window envelope (120 × 235 mm, the sheet folded in three): its window is about 90 × 45 mm, 20 mm from the
    // left and 13 mm from the top of the envelope, and the top third of the sheet lies behind it. The address block
    // keeps 4 mm inside the window on every side, so that a sheet that slides a little in the envelope still shows
    // the whole address and the barcode.
    public const double WindowLeft = 20;
    public const double WindowTop = 13;
    public const double WindowWidth = 90;
    public const double WindowHeight = 45;
    public const double WindowInset = 4;

    private const double BarcodeHeight = 3.6;

    public static void Draw(XGraphics graphics, PdfMarks marks, string postalCode, string address, string institutionName)
    {
        var x = Mm(WindowLeft + WindowInset);
        var width = Mm(WindowWidth - (2 * WindowInset));
        var barcodeTop = Mm(WindowTop + WindowHeight - WindowInset - BarcodeHeight);
        var limit = barcodeTop - Mm(1.5);

        // The address and the name share the space above the barcode; a long pair steps down in size until it fits.
        foreach (var size in new[] { 10.0, 9.0, 8.0, 7.0 })
        {
            var text = new PdfText(graphics, size, 1.35);
            var name = new PdfText(graphics, size + 2, 1.35);
            var nameLine = $"{institutionName} 御中";
            var lines = BreakBeforeBuilding(text, address, width);
            var height = text.LineHeight + text.Measure(lines, width) + Mm(1) + name.Measure($"**{nameLine}**", width);
            if (height <= limit - Mm(WindowTop + WindowInset) || size <= 7)
            {
                var y = Mm(WindowTop + WindowInset);
                text.Line($"〒{postalCode[..3]}-{postalCode[3..]}", x, y);
                y = text.Paragraph(lines, x, y + text.LineHeight, width);
                name.Paragraph($"**{nameLine}**", x, y + Mm(1), width);
                break;
            }
        }

        DrawCustomerBarcode(marks, CustomerBarcode.Bars(postalCode, address), x, barcodeTop);
    }

    /// <summary>
    /// An address too long for one line breaks at its last space, between the street number and the building, rather
    /// than wherever the width runs out (郵便プラザ503 / 室).
    /// </summary>
    private static string BreakBeforeBuilding(PdfText text, string address, double width)
    {
        var space = address.TrimEnd().LastIndexOfAny([' ', '\u3000']);
        return space > 0 && text.Measure(address, width) > text.LineHeight
            ? address[..space].TrimEnd() + "\n" + address[(space + 1)..].TrimStart()
            : address;
    }
}
