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
            ["Note"] = inMaster
                ? "ダイレクトメールの仮メールアドレス・仮パスワードをお持ちの場合、それらは使用できなくなりました。"
                : "医療機関等コードがまだ登録されていないため、支払基金で確認するまでアカウントは「確認中」となります。",
        }).To(email);
}
