using OnshiPortal.Features.Campaigns.Letters;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Pdf;
using PdfSharp.Drawing;
using static OnshiPortal.Features.Campaigns.Letters.LetterGraphics;

namespace OnshiPortal.Features.PostalLetters;

/// <summary>
/// What every letter of the print queue shares, as the seed's letters have it: the head (the window address block with
/// its customer barcode, the date (和暦) and the senders on the right, the institution's code below them, the title
/// centred), the opening paragraphs, the boxed particulars, the QR code with its caption, and the end (the notes, the
/// call centre). Each letter puts its own words in them.
/// </summary>
public static class LetterHead
{
    private const double Left = 20;
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
    public static double Table(XGraphics graphics, IReadOnlyList<(string Label, string Value, bool Bold)> rows, double y, double labelWidth = 55, double fontSize = 10, double rowHeight = 7.5)
    {
        ArgumentNullException.ThrowIfNull(graphics);
        ArgumentNullException.ThrowIfNull(rows);
        var text = new PdfText(graphics, fontSize);
        var pen = new XPen(XColors.Black, 0.8);
        for (var i = 0; i < rows.Count; i++)
        {
            var top = y + (i * Mm(rowHeight));
            graphics.DrawRectangle(new XSolidBrush(XColor.FromGrayScale(0.9)), Mm(Left), top, Mm(labelWidth), Mm(rowHeight));
            graphics.DrawRectangle(pen, Mm(Left), top, Mm(Right - Left), Mm(rowHeight));
            graphics.DrawLine(pen, Mm(Left + labelWidth), top, Mm(Left + labelWidth), top + Mm(rowHeight));
            var middle = top + ((Mm(rowHeight) - text.LineHeight) / 2);
            text.Line(rows[i].Label, Mm(Left + 3), middle);
            text.Line(rows[i].Value, Mm(Left + labelWidth + 4), middle, bold: rows[i].Bold);
        }

        return y + (rows.Count * Mm(rowHeight));
    }

    /// <summary>The letter's paragraphs under its title, each opened by a full-width space; returns the y below them.</summary>
    public static double Paragraphs(XGraphics graphics, double y, params string[] paragraphs)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        var body = new PdfText(graphics, 9.5);
        foreach (var paragraph in paragraphs)
        {
            y = body.Paragraph("\u3000" + paragraph, Mm(Left), y, Mm(Right - Left)) + Mm(1.5);
        }

        return y;
    }

    /// <summary>The QR code at the right margin, its caption and its address beside it; returns the y below the code.</summary>
    public static double Qr(XGraphics graphics, PdfMarks marks, string url, string caption, double y)
    {
        var qr = new QrCode(url);
        var qrX = Mm(Right) - qr.Side;
        qr.Draw(marks, qrX, y);
        var text = new PdfText(graphics, 9);
        var middle = y + (qr.Side / 2);
        text.Line(caption, qrX - Mm(2), middle - text.LineHeight, bold: true, align: XStringAlignment.Far);
        text.Line(url, qrX - Mm(2), middle, align: XStringAlignment.Far);
        return y + qr.Side;
    }

    /// <summary>
    /// The end of every letter: its notes (※), the call centre's sentence last with the number, and the page's marks
    /// (window frame, barcode, QR) put under the text.
    /// </summary>
    public static void End(XGraphics graphics, PdfMarks marks, CallCentre.CallCentreContact callCentre, double y, params string[] notes)
    {
        ArgumentNullException.ThrowIfNull(graphics);
        ArgumentNullException.ThrowIfNull(marks);
        ArgumentNullException.ThrowIfNull(callCentre);
        var text = new PdfText(graphics, 9);
        foreach (var note in notes.Append(LetterText.CallCentre))
        {
            y = text.Paragraph("※ " + note, Mm(Left), y, Mm(Right - Left)) + Mm(1);
        }

        text.Line(LetterText.CallCentrePhone(callCentre), Mm(Left + 4), y);
        marks.PrependTo(graphics.PdfPage ?? throw new InvalidOperationException("The letter is drawn on a page."));
    }
}
