using OnshiPortal.Infrastructure.Pdf;
using PdfSharp.Drawing;
using static OnshiPortal.Features.Campaigns.Letters.LetterGraphics;

namespace OnshiPortal.Features.Campaigns.Letters;

/// <summary>The back of a letter: the numbered steps for its kind, and the call centre.</summary>
internal sealed class LetterBack(XGraphics graphics, Letter letter)
{
    private const double Left = 20;
    private const double Width = 170;

    public void Draw()
    {
        var title = new PdfText(graphics, 12.5, 1.5);
        var steps = new PdfText(graphics, 9.5, 1.6);
        var hanging = steps.Width("① ");
        var y = Mm(20);
        foreach (var (heading, items) in LetterText.Back(letter.Kind, letter.CallCentre))
        {
            title.Line(heading, Mm(105), y, bold: true, align: XStringAlignment.Center);
            y += title.LineHeight + Mm(3);
            foreach (var step in items)
            {
                y = steps.Paragraph(step, Mm(Left), y, Mm(Width), hanging) + Mm(2.5);
            }

            y += Mm(6);
        }

        var footer = new PdfText(graphics, 9, 1.6);
        var phone = "**" + LetterText.CallCentrePhone(letter.CallCentre) + "**";

        // The hours come from configuration: a longer text wraps instead of running off the sheet.
        var bottom = Mm(297 - 18) - footer.LineHeight - footer.Measure(phone, Mm(Width));
        if (y > bottom)
        {
            throw new InvalidOperationException($"Letter for {letter.InstitutionCode}: the back does not fit one page.");
        }

        graphics.DrawLine(new XPen(XColors.Black, 0.5), Mm(Left), bottom - Mm(2), Mm(Left + Width), bottom - Mm(2));
        footer.Line(LetterText.CallCentre, Mm(Left), bottom);
        footer.Paragraph(phone, Mm(Left), bottom + footer.LineHeight, Mm(Width));
    }
}
