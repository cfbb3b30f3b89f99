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

    public void Draw(XGraphics graphics, string institutionCode, CallCentreContact callCentre)
    {
        ArgumentNullException.ThrowIfNull(graphics);
        ArgumentNullException.ThrowIfNull(callCentre);
        var marks = new PdfMarks(Mm(297));
        PostalLetters.LetterHead.Draw(graphics, marks, PostalCode, Address, InstitutionName, IssuedOn, institutionCode, Title);
        var y = PostalLetters.LetterHead.Paragraphs(
            graphics,
            Mm(76),
            LetterText.Greeting,
            "さて、貴院（貴局）から申請のあった資格確認端末の電子証明書を、下記のとおり発行しましたのでお知らせいたします。",
            "電子証明書は、マスタアカウントでオンライン資格確認等システムにログインし、下記の端末に取り込んでください。電子証明書は医療機関等コードごとに発行しています。");

        y = DrawTable(graphics, y + Mm(4), institutionCode);
        PostalLetters.LetterHead.End(graphics, marks, callCentre, y + Mm(6));
    }

    private double DrawTable(XGraphics graphics, double y, string institutionCode) => PostalLetters.LetterHead.Table(
        graphics,
        [
            ("医療機関等の名称", InstitutionName, false),
            ("医療機関等コード", institutionCode, false),
            ("受付番号", ReceiptNumber, false),
            ("端末の番号", $"{Terminal}", true),
            ("端末の設置場所", TerminalName, true),
            ("発行日", Wareki.Format(IssuedOn), false),
        ],
        y,
        labelWidth: 50,
        rowHeight: 9);
}
