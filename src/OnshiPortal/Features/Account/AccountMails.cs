using System.Globalization;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.Account;

/// <summary>
/// The mails of the account's own settings; their text is in the .mail.txt / .mail.html files beside this one, in
/// English in the .en.mail.* pair when the person's request is in English (MailTemplate). The call centre's reset link
/// and e-mail change are an operator's action and stay Japanese (CallCentreDesk).
/// </summary>
public static class AccountMails
{
    public static OutgoingMail Link(PortalUser user, string link) =>
        MailTemplate.Render(typeof(AccountMails), "PasswordReset", new Dictionary<string, string>
        {
            ["Name"] = NameOf(user),
            ["Link"] = link,
        }).To(user.Email!);

    public static OutgoingMail Changed(PortalUser user, DateTimeOffset at) =>
        MailTemplate.Render(typeof(AccountMails), "PasswordChanged", new Dictionary<string, string>
        {
            ["Name"] = NameOf(user),
            ["ChangedAt"] = Wareki.DateTime(at),
        }).To(user.Email!);

    /// <summary>The link that proves the new address, sent to the new address.</summary>
    public static OutgoingMail EmailChangeLink(PortalUser user, string newEmail, string link) =>
        MailTemplate.Render(typeof(AccountMails), "EmailChange", new Dictionary<string, string>
        {
            ["Name"] = NameOf(user),
            ["Link"] = link,
        }).To(newEmail);

    /// <summary>To the old address: a change was asked for, or done.</summary>
    public static OutgoingMail EmailChangeNotice(PortalUser user, string to, string newEmail, bool done, DateTimeOffset at) =>
        MailTemplate.Render(typeof(AccountMails), "EmailChangeNotice", new Dictionary<string, string>
        {
            ["Name"] = NameOf(user),
            // The English template words it as "has been {{What}}".
            ["What"] = Languages.IsEnglish ? (done ? "completed" : "requested") : (done ? "完了しました" : "申し込まれました"),
            ["NewEmail"] = newEmail,
            ["At"] = Wareki.DateTime(at),
        }).To(to);

    /// <summary>To an address with no (confirmed) account that asked for a reset: the way to register instead.</summary>
    public static OutgoingMail NoAccount(string to, string registerLink) =>
        MailTemplate.Render(typeof(AccountMails), "PasswordResetNoAccount", new Dictionary<string, string>
        {
            ["Link"] = registerLink,
        }).To(to);

    /// <summary>To the account's address: its second factor changed (a taken-over session cannot change it unseen).</summary>
    public static OutgoingMail SecondFactorChanged(PortalUser user, string change, DateTimeOffset at) =>
        MailTemplate.Render(typeof(AccountMails), "SecondFactorChanged", new Dictionary<string, string>
        {
            ["Name"] = NameOf(user),
            ["Change"] = change,
            ["ChangedAt"] = Wareki.DateTime(at),
        }).To(user.Email!);

    private static string NameOf(PortalUser user) => string.IsNullOrEmpty(user.DisplayName) ? user.Email! : user.DisplayName;
}
