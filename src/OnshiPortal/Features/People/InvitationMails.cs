using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.People;

/// <summary>The mail of a 管理者's invitation; its text is in the .mail.txt / .mail.html files beside this one.</summary>
public static class InvitationMails
{
    public static OutgoingMail Invited(Invitation invitation, string institutionName, string invitedBy, string token, MailOptions options)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        ArgumentNullException.ThrowIfNull(options);
        return MailTemplate.Render(typeof(InvitationMails), "Invitation", new Dictionary<string, string>
        {
            ["DisplayName"] = invitation.DisplayName,
            ["InstitutionName"] = institutionName,
            ["InstitutionCode"] = invitation.InstitutionCode,
            ["InvitedBy"] = invitedBy,
            ["Role"] = invitation.Role!.Value.Display(),
            ["Expires"] = Wareki.DateTime(invitation.ExpiresAt),
            ["Link"] = options.Link("/invitation?token=" + Uri.EscapeDataString(token)),
        }).To(invitation.Email);
    }
}
