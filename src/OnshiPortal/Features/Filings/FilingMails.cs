using System.Text;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.Filings;

/// <summary>
/// The mails of a filing's life; their text is in the .mail.txt / .mail.html files beside this one. Those sent from
/// the institution's own request (受付, 取下げ) are in that request's language; the operator's decisions (受理,
/// 差戻し) in the language the filer last used (FilingService sets it, PortalUser.Language).
/// </summary>
public static class FilingMails
{
    /// <summary>受付のお知らせ: what was filed, with its receipt number.</summary>
    public static OutgoingMail Submitted(string email, Filing filing, IReadOnlyList<FiledField> fields, MailOptions options) =>
        MailTemplate.Render(typeof(FilingMails), "FilingSubmitted", Values(filing, string.Empty, options, FilingService.Hidden(fields))).To(email);

    /// <summary>受理 / 差戻し / 取下げのお知らせ.</summary>
    public static OutgoingMail Changed(string email, Filing filing, FilingState to, string reason, MailOptions options) =>
        MailTemplate.Render(typeof(FilingMails), to switch
        {
            FilingState.Accepted => "FilingAccepted",
            FilingState.Returned => "FilingReturned",
            FilingState.Withdrawn => "FilingWithdrawn",
            _ => "FilingProgressed",
        }, Values(filing, to.IsAccepted() && to != FilingState.Accepted && reason.Length > 0 ? NoteLine(filing, to, reason) : reason, options, FilingService.Hidden(FilingService.FieldsOf(filing)), to)).To(email);

    /// <summary>A fulfilment's note with its label (追跡番号: ...), as the step names it.</summary>
    private static string NoteLine(Filing filing, FilingState to, string note) =>
        Procedures.ProcedureCatalog.Of(filing.Type).Fulfilments.FirstOrDefault(f => f.To == to)?.NoteLabel is { } label
            ? Ui.Text(label) + (Languages.IsEnglish ? ": " : "：") + note
            : note;

    private static Dictionary<string, string> Values(Filing filing, string reason, MailOptions options, IReadOnlyList<FiledField> fields, FilingState? to = null)
    {
        var summary = new StringBuilder();
        var (bullet, colon) = Languages.IsEnglish ? ("- ", ": ") : ("・", "：");
        foreach (var field in fields)
        {
            var value = field.Choice ? Ui.Text(field.Value) : field.Value;
            summary.Append(bullet).Append(Ui.Text(field.Label)).Append(colon).Append(value.ReplaceLineEndings(" ")).Append('\n');
        }

        return new Dictionary<string, string>
        {
            ["FilingTitle"] = filing.Type.Title(),
            ["FilingName"] = filing.Type.Japanese(),
            ["FilingTitleEnglish"] = filing.Type.EnglishTitle(),
            ["FilingNameEnglish"] = filing.Type.English(),
            ["ReceiptNumber"] = filing.ReceiptNumber,
            ["InstitutionName"] = filing.InstitutionName,
            ["InstitutionCode"] = filing.InstitutionCode,
            ["Summary"] = summary.ToString().TrimEnd('\n'),
            ["Reason"] = reason,
            ["Outcome"] = to is null or FilingState.Accepted ? Outcome(filing) : string.Empty,
            ["StateName"] = Ui.Text((to ?? filing.State).Japanese()),
            ["FilingUrl"] = options.Link("/mypage/filings/" + filing.ReceiptNumber),
        };
    }

    /// <summary>What acceptance means for the institution: each procedure says (<see cref="Procedures.Procedure.Outcome"/>).</summary>
    private static string Outcome(Filing filing) => Procedures.ProcedureCatalog.Of(filing.Type).Outcome(filing);

    public const string SuccessionOutcome = "アカウントは新しい医療機関等コード（{0}）に引き継がれました。ログインには、これまでと同じメールアドレスとパスワードをお使いください。今後の手続きに関するご案内を郵送いたします。";

    public const string DeferralOutcome = "経過措置の期限は{0}です。期限までにオンライン資格確認の導入をお願いいたします。";
}
