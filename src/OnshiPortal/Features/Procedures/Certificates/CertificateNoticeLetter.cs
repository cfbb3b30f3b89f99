using OnshiPortal.Features.CallCentre;
using OnshiPortal.Features.Campaigns.Letters;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Pdf;
using PdfSharp.Drawing;
using static OnshiPortal.Features.Campaigns.Letters.LetterGraphics;

namespace OnshiPortal.Features.Procedures.Certificates;

/// <summary>
/// 電子証明書発行のお知らせ, by post: what the print queue keeps of it (PostalLetter.Data, as JSON) and how it prints
/// on one A4 page with the campaign letters' fonts, window address block and customer barcode.
/// </summary>
public sealed record CertificateNoticeLetter(
    string InstitutionName,
    string PostalCode,
    string Address,
    string ReceiptNumber,
    int Terminal,
    string TerminalName,
    DateOnly IssuedOn)
{
    public const string Title = "オンライン資格確認 電子証明書発行のお知らせ";

    private const double Left = 20;
    private const double Right = 190;

    public void Draw(XGraphics graphics, string institutionCode, CallCentreContact callCentre)
    {
        ArgumentNullException.ThrowIfNull(graphics);
        ArgumentNullException.ThrowIfNull(callCentre);
        var marks = new PdfMarks(Mm(297));
        PostalLetters.LetterHead.Draw(graphics, marks, PostalCode, Address, InstitutionName, IssuedOn, institutionCode, Title);
        var body = new PdfText(graphics, 9.5);
        var y = Mm(76);
        foreach (var paragraph in new[]
        {
            LetterText.Greeting,
            "さて、貴院（貴局）から申請のあった資格確認端末の電子証明書を、下記のとおり発行しましたのでお知らせいたします。",
            "電子証明書は、マスタアカウントでオンライン資格確認等システムにログインし、下記の端末に取り込んでください。電子証明書は医療機関等コードごとに発行しています。",
        })
        {
            y = body.Paragraph("\u3000" + paragraph, Mm(Left), y, Mm(Right - Left)) + Mm(1.5);
        }

        y = DrawTable(graphics, y + Mm(4), institutionCode);
        var notes = new PdfText(graphics, 9);
        y = notes.Paragraph("※ " + LetterText.CallCentre, Mm(Left), y + Mm(6), Mm(Right - Left));
        notes.Line(LetterText.CallCentrePhone(callCentre), Mm(Left + 4), y + Mm(1));
        marks.PrependTo(graphics.PdfPage ?? throw new InvalidOperationException("The notice is drawn on a page."));
    }

    private double DrawTable(XGraphics graphics, double y, string institutionCode)
    {
        const double labelWidth = 50;
        const double rowHeight = 9;
        (string Label, string Value)[] rows =
        [
            ("医療機関等の名称", InstitutionName),
            ("医療機関等コード", institutionCode),
            ("受付番号", ReceiptNumber),
            ("端末の番号", $"{Terminal}"),
            ("端末の設置場所", TerminalName),
            ("発行日", Wareki.Format(IssuedOn)),
        ];
        var text = new PdfText(graphics, 10);
        var pen = new XPen(XColors.Black, 0.8);
        for (var i = 0; i < rows.Length; i++)
        {
            var top = y + (i * Mm(rowHeight));
            graphics.DrawRectangle(new XSolidBrush(XColor.FromGrayScale(0.9)), Mm(Left), top, Mm(labelWidth), Mm(rowHeight));
            graphics.DrawRectangle(pen, Mm(Left), top, Mm(Right - Left), Mm(rowHeight));
            graphics.DrawLine(pen, Mm(Left + labelWidth), top, Mm(Left + labelWidth), top + Mm(rowHeight));
            var middle = top + ((Mm(rowHeight) - text.LineHeight) / 2);
            text.Line(rows[i].Label, Mm(Left + 3), middle);
            text.Line(rows[i].Value, Mm(Left + labelWidth + 4), middle, bold: i is 3 or 4);
        }

        return y + (rows.Length * Mm(rowHeight));
    }
}
