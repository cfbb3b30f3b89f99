using OnshiPortal.Infrastructure.Pdf;
using QRCoder;
using static OnshiPortal.Features.Campaigns.Letters.LetterGraphics;

namespace OnshiPortal.Features.Campaigns.Letters;

/// <summary>A QR code (error correction M) as vector squares; its matrix already includes the 4-module quiet zone.</summary>
internal sealed class QrCode
{
    private readonly bool[][] matrix;

    /// <summary>The code of a URL (QrEncoder); QRCoder for what that does not cover (longer than 213 bytes, or not ASCII).</summary>
    public QrCode(string text) => matrix = QrEncoder.Encode(text) ?? WithQrCoder(text);

    private static bool[][] WithQrCoder(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return [.. data.ModuleMatrix.Select(row => Enumerable.Range(0, row.Length).Select(i => row[i]).ToArray())];
    }

    /// <summary>The side in points, quiet zone included (which stays white paper).</summary>
    public double Side => matrix.Length * QrModule;

    /// <summary>Draws with the top-left corner of the quiet zone at x, y.</summary>
    public void Draw(PdfMarks marks, double x, double y)
    {
        // Row runs merged into one rectangle each, all filled by one operator: separate abutting squares leave
        // hairline seams in some rasterisers, which a scanner can read as light modules. The runs are given in whole
        // modules under one transform (PdfMarks.BeginGrid): a letter's QR code is a few hundred of them.
        marks.BeginGrid(x, y, QrModule, matrix.Length);
        for (var row = 0; row < matrix.Length; row++)
        {
            var bits = matrix[row];
            var column = 0;
            while (column < bits.Length)
            {
                if (!bits[column])
                {
                    column++;
                    continue;
                }

                var start = column;
                while (column < bits.Length && bits[column])
                {
                    column++;
                }

                marks.Cells(row, start, column - start);
            }
        }

        marks.EndGrid();
    }
}
