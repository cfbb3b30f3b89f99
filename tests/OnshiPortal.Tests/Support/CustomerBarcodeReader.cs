using System.Globalization;
using OnshiPortal.Features.Campaigns.Letters;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// Reads the customer barcode of a window-envelope letter back from its PDF as a sorting machine would: the page
/// rendered at 300 dpi, the bars found along the timing row (every bar crosses it) and each one told apart by whether
/// it reaches the upper and the lower third (WindowAddress: bars 3.6 mm high, their top 50.4 mm from the page's top).
/// </summary>
public static class CustomerBarcodeReader
{
    private const double Top = 13 + 45 - 4 - 3.6;
    private const double Third = 1.2;

    public static IReadOnlyList<BarcodeBar> Read(string pdf, int page, string workFolder)
    {
        var prefix = Path.Combine(workFolder, $"barcode-page-{page}");
        var number = page.ToString(CultureInfo.InvariantCulture);
        PdfTools.Run("pdftoppm", "-r", "300", "-gray", "-f", number, "-l", number, "-singlefile", pdf, prefix);
        var (width, pixels) = Pgm(File.ReadAllBytes(prefix + ".pgm"));
        static int Px(double mm) => (int)Math.Round(mm * 300 / 25.4);
        bool Dark(int x, double mm) => pixels[(Px(mm) * width) + x] < 128;

        var bars = new List<BarcodeBar>();
        var middle = Top + (Third * 1.5);
        var x = Px(21);
        while (x < Px(115))
        {
            if (!Dark(x, middle))
            {
                x++;
                continue;
            }

            var start = x;
            while (Dark(x, middle))
            {
                x++;
            }

            var centre = (start + x) / 2;
            var (upper, lower) = (Dark(centre, Top + (Third * 0.5)), Dark(centre, Top + (Third * 2.5)));
            bars.Add((upper, lower) switch
            {
                (true, true) => BarcodeBar.Full,
                (true, false) => BarcodeBar.Ascender,
                (false, true) => BarcodeBar.Descender,
                _ => BarcodeBar.Timing,
            });
        }

        return bars;
    }

    /// <summary>A binary PGM (P5, 8 bits) as pdftoppm -gray writes it: its width and its pixels, row by row.</summary>
    private static (int Width, byte[] Pixels) Pgm(byte[] file)
    {
        var fields = new List<string>();
        var i = 0;
        while (fields.Count < 4)
        {
            while (char.IsWhiteSpace((char)file[i]))
            {
                i++;
            }

            var start = i;
            while (!char.IsWhiteSpace((char)file[i]))
            {
                i++;
            }

            fields.Add(System.Text.Encoding.ASCII.GetString(file, start, i - start));
        }

        Assert.Equal("P5", fields[0]);
        return (int.Parse(fields[1], CultureInfo.InvariantCulture), file[(i + 1)..]);
    }
}
