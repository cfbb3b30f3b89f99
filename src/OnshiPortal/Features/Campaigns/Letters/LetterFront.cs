using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Pdf;
using PdfSharp.Drawing;
using static OnshiPortal.Features.Campaigns.Letters.LetterGraphics;

namespace OnshiPortal.Features.Campaigns.Letters;

/// <summary>The front of a letter: address block, date and senders, title, body, credentials or choices, QR code.</summary>
internal sealed class LetterFront(XGraphics graphics, Letter letter)
{
    // A4 is 210 × 297 mm; the body runs between 20 mm margins.
    private const double Left = 20;
    private const double Right = 190;
    private const double BodyWidth = Right - Left;
    private const double BottomMargin = 14;

    // The address block sits in the 長3 window envelope's window (WindowAddress).
    private const double WindowTop = WindowAddress.WindowTop;

    /// <summary>
    /// Draws what every letter of one kind and one set of dates shares (date, senders, title, body, the frame of the
    /// credential box or the two choices, the notes, and the caption beside a QR code of <paramref name="qrSide"/>):
    /// drawn once per file into a form that each page reuses.
    /// </summary>
    public FrontLayout DrawShared(double qrSide)
    {
        DrawQrCaption(qrSide);
        DrawDateAndSenders();
        var y = DrawTitle(Mm(64));
        y = DrawBody(y + Mm(4));
        var (captionTop, rowsTop) = (0.0, 0.0);
        if (letter.Kind == LetterKind.Unregistered)
        {
            (y, captionTop, rowsTop) = DrawCredentialBox(y);
        }
        else
        {
            y = DrawChoices(y);
        }

        return new FrontLayout(captionTop, rowsTop, DrawNotes(y + Mm(2)));
    }

    /// <summary>
    /// Draws what is this letter's alone: the address block and barcode, the code, the credentials, the QR code (of
    /// the side the shared part's caption was placed for) and its address.
    /// </summary>
    public void DrawOwn(FrontLayout layout, QrCode qr)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(qr);
        var marks = new PdfMarks(Mm(297));
        DrawAddressBlock(marks);
        new PdfText(graphics, 8).Line($"医療機関等コード：{letter.InstitutionCode}", Mm(Right), CodeTop, align: XStringAlignment.Far);
        if (letter.Kind == LetterKind.Unregistered)
        {
            DrawCredentials(layout);
        }

        var qrTop = QrTop(qr.Side);
        if (layout.NotesBottom > qrTop - Mm(2))
        {
            throw new InvalidOperationException($"Letter for {letter.InstitutionCode}: the front does not fit one page.");
        }

        DrawQr(qr, marks, qrTop);
        marks.PrependTo(graphics.PdfPage ?? throw new InvalidOperationException("The front is drawn on a page."));
    }

    private void DrawAddressBlock(PdfMarks marks) =>
        WindowAddress.Draw(graphics, marks, letter.PostalCode, letter.Address, letter.InstitutionName);

    private static double SendersLineHeight => 10.5 * 1.5;

    /// <summary>Below the senders, right-aligned: the code the call centre asks for.</summary>
    private static double CodeTop => Mm(WindowTop + 2) + (SendersLineHeight * 1.5) + (SendersLineHeight * 2.5);

    private void DrawDateAndSenders()
    {
        var text = new PdfText(graphics, 10.5, 1.5);
        var right = Mm(Right);
        var y = Mm(WindowTop + 2);
        text.Line(Wareki.Format(letter.LetterDate), right, y, align: XStringAlignment.Far);
        y += text.LineHeight * 1.5;
        text.Line(LetterText.Senders1, right, y, align: XStringAlignment.Far);
        text.Line(LetterText.Senders2, right, y + text.LineHeight, align: XStringAlignment.Far);
    }

    private double DrawTitle(double y)
    {
        var title = new PdfText(graphics, 12.5, 1.45);
        foreach (var line in LetterText.Title(letter.Kind).Split('\n'))
        {
            title.Line(line, Mm(105), y, bold: true, align: XStringAlignment.Center);
            y += title.LineHeight;
        }

        return y;
    }

    private double DrawBody(double y)
    {
        var body = new PdfText(graphics, 9);
        foreach (var paragraph in LetterText.Body(letter.Kind, Wareki.Format(letter.Deadline), letter.Sentences))
        {
            // 字下げ: the first line of a paragraph starts one full-width space in.
            y = body.Paragraph("\u3000" + paragraph, Mm(Left), y, Mm(BodyWidth)) + Mm(1);
        }

        return y + Mm(1);
    }

    // The credential box: a two-row table, label on grey, value large and bold.
    private const double BoxLeft = 40;
    private const double LabelWidth = 40;
    private const double BoxWidth = 130;
    private const double RowHeight = 9;

    private (double Bottom, double CaptionTop, double RowsTop) DrawCredentialBox(double y)
    {
        var text = new PdfText(graphics, 9);
        y = text.Paragraph(LetterText.UnregisteredLead, Mm(Left), y, Mm(BodyWidth)) + Mm(1);
        y = text.Paragraph(LetterText.UnregisteredInstruction, Mm(Left), y, Mm(BodyWidth)) + Mm(2);
        var captionTop = y;
        y += Mm(6);

        var label = new PdfText(graphics, 10);
        var labels = new[] { "仮メールアドレス", "仮パスワード" };
        for (var i = 0; i < labels.Length; i++)
        {
            var top = y + (i * Mm(RowHeight));
            graphics.DrawRectangle(new XSolidBrush(XColor.FromGrayScale(0.9)), Mm(BoxLeft), top, Mm(LabelWidth), Mm(RowHeight));
            graphics.DrawRectangle(new XPen(XColors.Black, 0.8), Mm(BoxLeft), top, Mm(BoxWidth), Mm(RowHeight));
            graphics.DrawLine(new XPen(XColors.Black, 0.8), Mm(BoxLeft + LabelWidth), top, Mm(BoxLeft + LabelWidth), top + Mm(RowHeight));
            label.Line(labels[i], Mm(BoxLeft + 3), top + ((Mm(RowHeight) - label.LineHeight) / 2));
        }

        return (y + (labels.Length * Mm(RowHeight)) + Mm(3), captionTop, y);
    }

    private void DrawCredentials(FrontLayout layout)
    {
        new PdfText(graphics, 9.5).Line(LetterText.CredentialCaption(letter.InstitutionName), Mm(105), layout.CaptionTop, bold: true, align: XStringAlignment.Center);
        var value = new PdfText(graphics, 13);
        string[] values = [letter.LoginId!, letter.TemporaryPassword!];
        for (var i = 0; i < values.Length; i++)
        {
            var top = layout.RowsTop + (i * Mm(RowHeight));
            value.Line(values[i], Mm(BoxLeft + LabelWidth + 4), top + ((Mm(RowHeight) - value.LineHeight) / 2), bold: true);
        }
    }

    private double DrawChoices(double y)
    {
        var text = new PdfText(graphics, 9, 1.5);
        var gap = Mm(4);
        var boxWidth = (Mm(BodyWidth) - gap) / 2;
        var padding = Mm(3);
        var inner = boxWidth - (2 * padding);
        var height = LetterText.Choices.Max(c =>
            text.Measure($"**{c.Heading}**", inner) + text.Measure(c.Request, inner) + text.Measure(c.Pointer, inner) + Mm(3))
            + (2 * padding);
        for (var i = 0; i < LetterText.Choices.Length; i++)
        {
            var (heading, request, pointer) = LetterText.Choices[i];
            var left = Mm(Left) + (i * (boxWidth + gap));
            graphics.DrawRectangle(new XPen(XColors.Black, 1), left, y, boxWidth, height);
            var top = text.Paragraph($"**{heading}**", left + padding, y + padding, inner) + Mm(1.5);
            graphics.DrawLine(new XPen(XColors.Gray, 0.5), left + padding, top - Mm(0.75), left + boxWidth - padding, top - Mm(0.75));
            top = text.Paragraph(request, left + padding, top, inner) + Mm(1.5);
            text.Paragraph(pointer, left + padding, top, inner);
        }

        return y + height + Mm(3);
    }

    private double DrawNotes(double y)
    {
        var text = new PdfText(graphics, 8.5, 1.5);
        var hanging = text.Width("※ ");
        foreach (var note in LetterText.Notes(letter.Kind, Wareki.Format(letter.CutoffDate)))
        {
            y = text.Paragraph(note, Mm(Left), y, Mm(BodyWidth), hanging) + Mm(0.5);
        }

        return y;
    }

    /// <summary>The QR code sits in the bottom right corner, above the bottom margin.</summary>
    private static double QrTop(double side) => Mm(297 - BottomMargin) - side;

    private void DrawQr(QrCode qr, PdfMarks marks, double top)
    {
        var x = Mm(Right) - qr.Side;
        qr.Draw(marks, x, top);
        var text = new PdfText(graphics, 9);
        text.Line(letter.PortalLoginUrl, x - Mm(2), top + (qr.Side / 2), align: XStringAlignment.Far);
    }

    /// <summary>
    /// The caption to the left of the QR code, the line above its address: the same on every letter of a kind, so
    /// drawn with the shared part (the code's side is the same for every address of one length).
    /// </summary>
    private void DrawQrCaption(double qrSide)
    {
        var text = new PdfText(graphics, 9);
        var middle = QrTop(qrSide) + (qrSide / 2);
        text.Line(LetterText.QrCaption(letter.Kind), Mm(Right) - qrSide - Mm(2), middle - text.LineHeight, bold: true, align: XStringAlignment.Far);
    }
}

/// <summary>Where the shared part of a front left room for the letter's own text.</summary>
internal sealed record FrontLayout(double CaptionTop, double RowsTop, double NotesBottom);
