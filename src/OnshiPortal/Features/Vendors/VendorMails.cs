using OnshiPortal.Features.Filings;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.Vendors;

/// <summary>
/// The mails of ベンダー (委任); their text is in the .mail.txt / .mail.html files beside this one. The invitation goes
/// out in the language the 管理者 granted it in: the vendor's person has no language of their own yet.
/// </summary>
public static class VendorMails
{
    /// <summary>委任のご案内: who delegates what until when, and the link to accept it (24 hours, once).</summary>
    public static OutgoingMail Invitation(Invitation invitation, string token, string institutionName, string inviterName, MailOptions options)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        ArgumentNullException.ThrowIfNull(options);
        var procedures = VendorDelegation.ParseProcedures(invitation.Procedures ?? string.Empty).Order().ToList();
        return MailTemplate.Render(typeof(VendorMails), "VendorInvitation", new Dictionary<string, string>
        {
            ["VendorName"] = invitation.DisplayName,
            ["Company"] = invitation.VendorCompany ?? string.Empty,
            ["InstitutionName"] = institutionName,
            ["InstitutionCode"] = invitation.InstitutionCode,
            ["InviterName"] = inviterName,
            ["Procedures"] = Languages.IsEnglish ? string.Join(", ", procedures.Select(p => p.English())) : string.Join("、", procedures.Select(p => p.Japanese())),
            ["EndsOn"] = invitation.EndsOn is { } end ? Wareki.Date(end) : string.Empty,
            ["Link"] = options.Link("/vendor/accept?token=" + Uri.EscapeDataString(token)),
            ["ExpiresAt"] = Wareki.DateTime(invitation.ExpiresAt),
        }).To(invitation.Email);
    }
}
