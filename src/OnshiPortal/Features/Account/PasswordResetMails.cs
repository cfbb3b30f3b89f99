using System.Globalization;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.Account;

/// <summary>The mails of パスワードをお忘れの方; their text is in the .mail.txt / .mail.html files beside this one.</summary>
public static class PasswordResetMails
{
    private static readonly TimeZoneInfo Japan = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    public static OutgoingMail Link(PortalUser user, string link) =>
        MailTemplate.Render(typeof(PasswordResetMails), "PasswordReset", new Dictionary<string, string>
        {
            ["Name"] = NameOf(user),
            ["Link"] = link,
        }).To(user.Email!);

    public static OutgoingMail Changed(PortalUser user, DateTimeOffset at) =>
        MailTemplate.Render(typeof(PasswordResetMails), "PasswordChanged", new Dictionary<string, string>
        {
            ["Name"] = NameOf(user),
            ["ChangedAt"] = TimeZoneInfo.ConvertTime(at, Japan).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture),
        }).To(user.Email!);

    private static string NameOf(PortalUser user) => string.IsNullOrEmpty(user.DisplayName) ? user.Email! : user.DisplayName;
}
