using OnshiPortal.Infrastructure.Pdf;
using QRCoder;
using static OnshiPortal.Features.Campaigns.Letters.LetterGraphics;

namespace OnshiPortal.Features.Campaigns.Letters;

/// <summary>A QR code (error correction M) as vector squares; its matrix already includes the 4-module quiet zone.</summary>
internal sealed class QrCode
{
    private readonly List<System.Collections.BitArray> matrix;

    public QrCode(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        matrix = data.ModuleMatrix;
    }

    /// <summary>The side in points, quiet zone included (which stays white paper).</summary>
    public double Side => matrix.Count * QrModule;

    /// <summary>Draws with the top-left corner of the quiet zone at x, y.</summary>
    public void Draw(PdfMarks marks, double x, double y)
    {
        // Row runs merged into one rectangle each, all filled by one operator: separate abutting squares leave
        // hairline seams in some rasterisers, which a scanner can read as light modules. The runs are given in whole
        // modules under one transform (PdfMarks.BeginGrid): a letter's QR code is a few hundred of them.
        marks.BeginGrid(x, y, QrModule, matrix.Count);
        for (var row = 0; row < matrix.Count; row++)
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
