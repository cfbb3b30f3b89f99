using Microsoft.AspNetCore.Identity;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Account;

/// <summary>
/// Everyone who logs in, each a named person: operators of 支払基金, an institution's staff (with their
/// <see cref="InstitutionRole"/>), and vendors' people acting for institutions that delegated to them.
/// </summary>
public sealed class PortalUser : IdentityUser
{
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>Set for a password the command line printed once: the holder must choose their own first.</summary>
    public bool MustChangePassword { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>担当者: whom the operator asks for when calling an institution back.</summary>
    public string ContactPerson { get; set; } = string.Empty;

    /// <summary>The institution this person works for; null for operators and vendors' people.</summary>
    public string? InstitutionCode { get; set; }

    /// <summary>The person's role in <see cref="InstitutionCode"/>; null for operators and vendors' people.</summary>
    public InstitutionRole? InstitutionRole { get; set; }

    /// <summary>
    /// Set on the one person an activation or a self-registration made: the institution's account of record. Unique,
    /// so that two registrations of one code at once make one account; it moves with a succession.
    /// </summary>
    public string? AccountOf { get; set; }

    /// <summary>The vendor company of a vendor's person (ベンダー); null for everybody else.</summary>
    public string? VendorCompany { get; set; }

    public PersonState State { get; set; }

    /// <summary>The last login by any way in; null until the first. Six months without one make the person dormant.</summary>
    public DateTimeOffset? LastLoginAt { get; set; }

    /// <summary>When the five-month warning went, so that it goes once per silence.</summary>
    public DateTimeOffset? InactivityWarnedAt { get; set; }

    /// <summary>The mails the person turned off (security mails cannot be). News is asked for, not sent unasked.</summary>
    public MailTopics MutedMails { get; set; } = MailTopics.News | MailTopics.Status;

    /// <summary>Whether the person wants mails of <paramref name="topic"/>.</summary>
    public bool Wants(MailTopics topic) => (MutedMails & topic) == 0;

    /// <summary>
    /// The language the person last used the portal in (<see cref="Languages.Japanese"/> or <see cref="Languages.English"/>):
    /// the mails they did not ask for from a page of theirs (an operator's decision, the call centre's link) go out in it.
    /// </summary>
    public string Language { get; set; } = Languages.Japanese;
}

public static class Roles
{
    public const string Operator = "Operator";
    public const string Admin = "Admin";

    /// <summary>
    /// 印刷担当: downloads the files that print temporary passwords (campaign letters, reissued letters), and
    /// nothing else. Separation of duties: an Operator issues credentials but cannot read them, a Printer reads
    /// them but cannot issue them, so no single person can activate a stranger's institution.
    /// </summary>
    public const string Printer = "Printer";

    /// <summary>The back office proper (search, call centre, campaigns, filings, news, dashboard); Admin may do more.</summary>
    public const string BackOffice = Operator + "," + Admin;

    /// <summary>Whoever may download a file that holds passwords.</summary>
    public const string Printing = Printer + "," + Admin;

    /// <summary>Every staff account: the pages a Printer shares with operators (the menu, campaigns, an institution's page).</summary>
    public const string Staff = Operator + "," + Admin + "," + Printer;

    public static readonly string[] All = [Operator, Admin, Printer];

    /// <summary>Staff accounts: a second factor is required and the login leads to the back-office menu.</summary>
    public static bool AreBackOffice(IEnumerable<string> roles) => roles.Any(r => r is Operator or Admin or Printer);

    public static bool IsOperating(System.Security.Claims.ClaimsPrincipal user) =>
        user is not null && (user.IsInRole(Operator) || user.IsInRole(Admin));

    public static bool MayPrint(System.Security.Claims.ClaimsPrincipal user) =>
        user is not null && (user.IsInRole(Printer) || user.IsInRole(Admin));
}
