using System.Text.Json.Serialization;
using OnshiPortal.Features.CallCentre;
using OnshiPortal.Features.Campaigns.Letters;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Pdf;
using PdfSharp.Drawing;
using static OnshiPortal.Features.Campaigns.Letters.LetterGraphics;

namespace OnshiPortal.Features.Registration;

/// <summary>
/// 確認コードのお知らせ, by post (<see cref="RegistrationPins"/>): to the master's address of the institution whose code
/// was registered, on one A4 page of the print queue (window address with customer barcode, 和暦 date, senders). It
/// says who asked (the registered address) and what the code does, so that an institution that did not ask calls
/// instead of handing it over. The code is not in this data: it is sealed beside it (<see cref="SealedFor"/>) and
/// handed to <see cref="Draw"/> only when a print batch renders it.
/// </summary>
public sealed record RegistrationPinLetter(
    string InstitutionName,
    string PostalCode,
    string Address,
    string InstitutionCode,
    long RegistrationId,
    int Sequence,
    string RegisteredEmail,
    DateOnly LetterDate,
    DateTimeOffset ExpiresAt,
    string ProveUrl)
{
    public const string Title = "医療機関等向けポータルサイト アカウント登録の確認コードのお知らせ";

    /// <summary>Printed instead of the code once its seal was dropped (used, or dead after too many wrong entries).</summary>
    public const string NoLongerValid = "（この確認コードは使用できなくなりました）";

    [JsonIgnore]
    public string SealedFor => RegistrationPins.SealedFor(RegistrationId, Sequence);

    public void Draw(XGraphics graphics, CallCentreContact callCentre, string? code)
    {
        ArgumentNullException.ThrowIfNull(graphics);
        ArgumentNullException.ThrowIfNull(callCentre);
        var marks = new PdfMarks(Mm(297));
        PostalLetters.LetterHead.Draw(graphics, marks, PostalCode, Address, InstitutionName, LetterDate, InstitutionCode, Title);
        var y = PostalLetters.LetterHead.Paragraphs(
            graphics,
            Mm(74),
            LetterText.Greeting,
            "さて、医療機関等向けポータルサイトにおいて、貴院（貴局）の医療機関等コードでアカウントの登録があり、登録された方から、貴院（貴局）の登録であることを確認するための確認コードの郵送をご請求いただきました。",
            "**下記の確認コードを、ポータルサイトのマイページ「仮ID・仮パスワードで確認する」の画面で入力してください。**入力すると、このアカウントが貴院（貴局）のアカウントとして確認され、届出等ができるようになります。");

        y = PostalLetters.LetterHead.Table(
            graphics,
            [
                ("医療機関等コード", InstitutionCode, false),
                ("医療機関等名称", InstitutionName, false),
                ("登録されたメールアドレス", RegisteredEmail, false),
                ("確認コード", code is null ? NoLongerValid : RegistrationPins.Grouped(code), true),
                ("有効期限", Wareki.Format(JapanTime.DayOf(ExpiresAt)) + "まで", false),
            ],
            y + Mm(3),
            labelWidth: 60,
            fontSize: 10.5);
        y += Mm(5);

        y = PostalLetters.LetterHead.Qr(graphics, marks, ProveUrl, "こちらのQRコードから確認コードを入力できます（ログインが必要です）", y) + Mm(4);

        PostalLetters.LetterHead.End(
            graphics,
            marks,
            callCentre,
            y,
            "**お心当たりのない場合（貴院（貴局）でアカウントの登録や確認コードの請求をしていない場合）は、確認コードを入力せず、他の方にも伝えずに、下記のコールセンターへご連絡ください。**",
            "確認コードは、有効期限を過ぎると使用できません。また、誤った確認コードを続けて入力すると使用できなくなります。その場合は、マイページからもう一度郵送をご請求ください。");
    }
}
