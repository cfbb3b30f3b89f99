using OnshiPortal.Features.Campaigns.Letters;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Pdf;
using PdfSharp.Drawing;
using static OnshiPortal.Features.Campaigns.Letters.LetterGraphics;

namespace OnshiPortal.Features.PostalLetters;

/// <summary>
/// The top of every letter of the print queue, as the seed's letters have it: the window address block with its
/// customer barcode, the date (和暦) and the senders on the right, the institution's code below them, the title
/// centred. Each letter draws its own body below.
/// </summary>
public static class LetterHead
{
    private const double Right = 190;

    public static void Draw(XGraphics graphics, PdfMarks marks, string postalCode, string address, string institutionName, DateOnly date, string institutionCode, string title)
    {
        ArgumentNullException.ThrowIfNull(graphics);
        WindowAddress.Draw(graphics, marks, postalCode, address, institutionName);
        var text = new PdfText(graphics, 10.5, 1.5);
        var y = Mm(WindowAddress.WindowTop + 2);
        text.Line(Wareki.Format(date), Mm(Right), y, align: XStringAlignment.Far);
        y += text.LineHeight * 1.5;
        text.Line(LetterText.Senders1, Mm(Right), y, align: XStringAlignment.Far);
        text.Line(LetterText.Senders2, Mm(Right), y + text.LineHeight, align: XStringAlignment.Far);
        new PdfText(graphics, 8).Line($"医療機関等コード：{institutionCode}", Mm(Right), y + (text.LineHeight * 3), align: XStringAlignment.Far);
        new PdfText(graphics, 12.5, 1.45).Line(title, Mm(105), Mm(64), bold: true, align: XStringAlignment.Center);
    }

    /// <summary>
    /// The boxed table of the letters' particulars (label on grey, value beside it), from the left margin to the
    /// right one; returns the y below it.
    /// </summary>
    public static double Table(XGraphics graphics, IReadOnlyList<(string Label, string Value, bool Bold)> rows, double y, double labelWidth = 55, double fontSize = 10)
    {
        ArgumentNullException.ThrowIfNull(graphics);
        ArgumentNullException.ThrowIfNull(rows);
        const double Left = 20;
        const double RowHeight = 7.5;
        var text = new PdfText(graphics, fontSize);
        var pen = new XPen(XColors.Black, 0.8);
        for (var i = 0; i < rows.Count; i++)
        {
            var top = y + (i * Mm(RowHeight));
            graphics.DrawRectangle(new XSolidBrush(XColor.FromGrayScale(0.9)), Mm(Left), top, Mm(labelWidth), Mm(RowHeight));
            graphics.DrawRectangle(pen, Mm(Left), top, Mm(Right - Left), Mm(RowHeight));
            graphics.DrawLine(pen, Mm(Left + labelWidth), top, Mm(Left + labelWidth), top + Mm(RowHeight));
            var middle = top + ((Mm(RowHeight) - text.LineHeight) / 2);
            text.Line(rows[i].Label, Mm(Left + 3), middle);
            text.Line(rows[i].Value, Mm(Left + labelWidth + 4), middle, bold: rows[i].Bold);
        }

        return y + (rows.Count * Mm(RowHeight));
    }
}
