using OnshiPortal.Features.CallCentre;
using OnshiPortal.Features.Campaigns.Letters;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Pdf;
using PdfSharp.Drawing;
using static OnshiPortal.Features.Campaigns.Letters.LetterGraphics;

namespace OnshiPortal.Features.Filings.Succession;

/// <summary>
/// 承継後のお手続きのご案内, by post: the letter the acceptance mail promises (「今後の手続きに関するご案内を郵送いたします」),
/// queued in the acceptance's transaction to the new code's address, on one A4 page with the campaign letters'
/// fonts, window address block, customer barcode and QR code: the new code, the certificate, the card reader, the
/// subsidy, and whom to call.
/// </summary>
public sealed record SuccessionGuidanceLetter(
    string InstitutionName,
    string PostalCode,
    string Address,
    string OldCode,
    string NewCode,
    DateOnly ValidFrom,
    string ReceiptNumber,
    DateOnly AcceptedOn,
    string PortalUrl)
{
    public const string Title = "オンライン資格確認 承継後のお手続きについてのご案内";

    private const double Left = 20;
    private const double Right = 190;

    /// <summary>What follows after 承継, one heading and its sentence each, in the seed's words.</summary>
    public IReadOnlyList<(string Heading, string Text)> Items =>
    [
        ("1 医療機関等コード", $"今後、医療機関等向けポータルサイトでの申請・届出は、新しい医療機関等コード（{NewCode}）で行ってください。ログインには、これまでと同じメールアドレスとパスワードをお使いください。"),
        ("2 電子証明書", $"電子証明書は医療機関等コードごとに発行しています。旧医療機関等コード（{OldCode}）の電子証明書は新しいコードでは使えませんので、ポータルサイトから新しいコードの電子証明書を申請し、資格確認端末に取り込んでください。"),
        ("3 顔認証付きカードリーダー", "承継前に導入した顔認証付きカードリーダー及び資格確認端末は、承継先の医療機関等が所有し、引き続きお使いいただけます。機器の譲渡・廃棄などは、承継先の医療機関等として行ってください。"),
        ("4 補助金", "承継前に行った補助金の交付申請に関する権利・義務は、承継先の医療機関等に引き継がれます。申請の状況は、マイページで新しいコードのもとに確認できます。"),
    ];

    public void Draw(XGraphics graphics, CallCentreContact callCentre)
    {
        ArgumentNullException.ThrowIfNull(graphics);
        ArgumentNullException.ThrowIfNull(callCentre);
        var marks = new PdfMarks(Mm(297));
        PostalLetters.LetterHead.Draw(graphics, marks, PostalCode, Address, InstitutionName, AcceptedOn, NewCode, Title);
        var body = new PdfText(graphics, 9.5);
        var y = PostalLetters.LetterHead.Paragraphs(
            graphics,
            Mm(74),
            LetterText.Greeting,
            $"さて、貴院（貴局）から届出のあった承継届出（受付番号 {ReceiptNumber}）を受理し、医療機関等向けポータルサイトのアカウントを新しい医療機関等コードに引き継ぎました。今後のお手続きについて、下記のとおりご案内いたします。");

        y = PostalLetters.LetterHead.Table(
            graphics,
            [
                ("新しい医療機関等コード", NewCode, true),
                ("旧医療機関等コード", OldCode, false),
                ("新しいコードの有効開始日", Wareki.Format(ValidFrom), false),
                ("受付番号", ReceiptNumber, false),
                ("受理日", Wareki.Format(AcceptedOn), false),
            ],
            y + Mm(3));
        y += Mm(4);
        foreach (var (heading, sentence) in Items)
        {
            body.Line(heading, Mm(Left), y, bold: true);
            y = body.Paragraph("\u3000" + sentence, Mm(Left + 4), y + body.LineHeight, Mm(Right - Left - 4)) + Mm(2);
        }

        y = PostalLetters.LetterHead.Qr(graphics, marks, PortalUrl, "マイページはこちら", y + Mm(1)) + Mm(2);

        PostalLetters.LetterHead.End(graphics, marks, callCentre, y);
    }
}
