using OnshiPortal.Features.Account;
using OnshiPortal.Features.CallCentre;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.People;

/// <summary>
/// The mails about a person's own access (text beside this file, English in the .en.mail.* pair, rendered in the
/// language the caller set with Languages.Use). Security mails: they go whatever the person muted.
/// </summary>
public static class PeopleMails
{
    /// <summary>休止の予告: five months without a login, and the day the account stops unless the person logs in.</summary>
    public static MailContent InactivityWarning(PortalUser person, DateTimeOffset lastLogin, DateTimeOffset dormantOn, MailOptions options, CallCentreContact callCentre) =>
        MailTemplate.Render(typeof(PeopleMails), "InactivityWarning", new Dictionary<string, string>
        {
            ["Name"] = NameOf(person),
            ["LastLogin"] = Wareki.Date(lastLogin),
            ["DormantOn"] = Wareki.Date(dormantOn),
            ["LoginLink"] = Link(options),
            ["CallCentrePhone"] = callCentre.Phone,
        });

    /// <summary>休止のお知らせ: why the account stopped, and who lifts it.</summary>
    public static MailContent Dormant(PortalUser person, DateTimeOffset lastLogin, MailOptions options, CallCentreContact callCentre) =>
        MailTemplate.Render(typeof(PeopleMails), "Dormant", new Dictionary<string, string>
        {
            ["Name"] = NameOf(person),
            ["LastLogin"] = Wareki.Date(lastLogin),
            ["LoginLink"] = Link(options),
            ["CallCentrePhone"] = callCentre.Phone,
        });

    private static string Link(MailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Link("/login");
    }

    private static string NameOf(PortalUser person) => string.IsNullOrEmpty(person.DisplayName) ? person.Email! : person.DisplayName;
}
