using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.Registration;

/// <summary>The mails of self-registration (別添2); their text is in the .mail.txt / .mail.html files beside this one.</summary>
public static class RegistrationMails
{
    public static OutgoingMail Link(string email, string link) =>
        MailTemplate.Render(typeof(RegistrationMails), "RegistrationLink", new Dictionary<string, string> { ["Link"] = link }).To(email);

    /// <summary>To an address that already has an account: no second account, but the way in.</summary>
    public static OutgoingMail AlreadyRegistered(string email, MailOptions options) =>
        MailTemplate.Render(typeof(RegistrationMails), "AlreadyRegistered", new Dictionary<string, string>
        {
            ["LoginUrl"] = options.Link("/login"),
            ["ResetUrl"] = options.Link("/account/forgot"),
        }).To(email);

    public static OutgoingMail Completed(string email, string institutionName, string institutionCode, bool inMaster, MailOptions options) =>
        MailTemplate.Render(typeof(RegistrationMails), "RegistrationCompleted", new Dictionary<string, string>
        {
            ["InstitutionName"] = institutionName,
            ["InstitutionCode"] = institutionCode,
            ["Email"] = email,
            ["LoginUrl"] = options.Link("/login"),
            ["Note"] = Ui.Text(PendingNote(inMaster)),
        }).To(email);

    /// <summary>What happens next to a pending account: said on the done page, in the mail and on マイページ alike.</summary>
    public static string PendingNote(bool inMaster) => inMaster
        ? "アカウントは「確認待ち」です。確認が済むまで届出はできません。郵送された仮ID・仮パスワードをお持ちの場合は、ログイン後のマイページで入力すると、すぐに確認が済みます。お持ちでない場合は、支払基金が医療機関等マスタに登録された電話番号へ確認のご連絡をします（数日かかります）。"
        : "医療機関等コードがまだ医療機関等マスタにないため、アカウントは「確認待ち」です。支払基金がマスタと照合して確認するまで、届出はできません。";

    public static OutgoingMail Proven(string email, string institutionName, string institutionCode, MailOptions options) =>
        MailTemplate.Render(typeof(RegistrationMails), "RegistrationProven", new Dictionary<string, string>
        {
            ["InstitutionName"] = institutionName,
            ["InstitutionCode"] = institutionCode,
            ["MyPageUrl"] = options.Link("/mypage"),
        }).To(email);

    public static OutgoingMail Refused(string email, string institutionName, string institutionCode, string reason, MailOptions options) =>
        MailTemplate.Render(typeof(RegistrationMails), "RegistrationRefused", new Dictionary<string, string>
        {
            ["InstitutionName"] = institutionName,
            ["InstitutionCode"] = institutionCode,
            ["Reason"] = Ui.Text(reason),
        }).To(email);
}
