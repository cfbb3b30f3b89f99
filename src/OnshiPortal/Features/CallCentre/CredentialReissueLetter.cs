using OnshiPortal.Features.Campaigns.Letters;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Pdf;
using PdfSharp.Drawing;
using static OnshiPortal.Features.Campaigns.Letters.LetterGraphics;

namespace OnshiPortal.Features.CallCentre;

/// <summary>
/// 仮ID・仮パスワードの再発行のお知らせ, by post: queued by the call centre's reissue in its transaction, to the master's
/// address, and printed by the print queue on one A4 page (window address with customer barcode, 和暦 date, senders).
/// What the queue keeps of it (PostalLetter.Data) holds no password: the password is sealed beside it under the
/// login ID (<see cref="LoginId"/>) and handed to <see cref="Draw"/> only when a print batch renders it.
/// </summary>
public sealed record CredentialReissueLetter(
    string InstitutionName,
    string PostalCode,
    string Address,
    string InstitutionCode,
    string LoginId,
    DateTimeOffset ExpiresAt,
    DateOnly LetterDate,
    string LoginUrl)
{
    public const string Title = "医療機関等向けポータルサイト 仮ID・仮パスワードの再発行のお知らせ";

    /// <summary>Printed instead of the password once its seal was dropped: superseded by a later reissue, used or expired.</summary>
    public const string NoLongerValid = "（この仮パスワードは使用できなくなりました）";

    public void Draw(XGraphics graphics, CallCentreContact callCentre, string? password)
    {
        ArgumentNullException.ThrowIfNull(graphics);
        ArgumentNullException.ThrowIfNull(callCentre);
        var marks = new PdfMarks(Mm(297));
        PostalLetters.LetterHead.Draw(graphics, marks, PostalCode, Address, InstitutionName, LetterDate, InstitutionCode, Title);
        var y = PostalLetters.LetterHead.Paragraphs(
            graphics,
            Mm(74),
            LetterText.Greeting,
            "さて、お申し出により、医療機関等向けポータルサイトへログインするための仮ID（仮メールアドレス）・仮パスワードを再発行いたしました。これまでにお送りした仮ID・仮パスワードは使用できなくなりましたので、**下記の仮ID・仮パスワードでログインし、アカウント登録をお願いいたします。**");

        y = PostalLetters.LetterHead.Table(
            graphics,
            [
                ("医療機関等コード", InstitutionCode, false),
                ("医療機関等名称", InstitutionName, false),
                ("仮ID（仮メールアドレス）", LoginId, true),
                ("仮パスワード", password ?? NoLongerValid, true),
                ("有効期限", Wareki.Format(JapanTime.DayOf(ExpiresAt)) + "まで", false),
            ],
            y + Mm(3),
            labelWidth: 60,
            fontSize: 10.5);
        y += Mm(5);

        y = PostalLetters.LetterHead.Qr(graphics, marks, LoginUrl, LetterText.QrCaption(LetterKind.Unregistered), y) + Mm(4);

        PostalLetters.LetterHead.End(
            graphics,
            marks,
            callCentre,
            y,
            "仮ID・仮パスワードは貴医療機関・薬局がログインするために支払基金が発行したものです。アカウント登録の際に、貴医療機関・薬局のメールアドレス、任意のパスワードに変更してください。",
            "仮パスワードは、他の方に知られないよう大切に保管してください。有効期限を過ぎた場合や、お心当たりのない場合は、下記のコールセンターへご連絡ください。");
    }
}
