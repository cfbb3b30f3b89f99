using MimeKit;

namespace OnshiPortal.Infrastructure.Mail;

/// <summary>The one rule for an address the portal will mail: forms check it, and the outbox refuses anything else.</summary>
public static class MailAddresses
{
    /// <summary>
    /// A bare address (no display name, no comments) that MimeKit parses back to itself, without white space or control
    /// characters, whose domain has at least two labels (<c>example.jp</c>, not <c>example</c>): a clinic's address is
    /// on the internet, and a domain typed without its <c>.jp</c> would take the activation link nowhere.
    /// DataAnnotations' [EmailAddress] only asks for one '@' inside: it let through addresses the outbox then refused,
    /// a 500 in the middle of a form (found by the form fuzz tests).
    /// </summary>
    public static bool IsSendable(string? value) =>
        !string.IsNullOrEmpty(value)
        && value.Length <= 256
        && !value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
        && MailboxAddress.TryParse(value, out var address)
        && address.Address == value
        && value.LastIndexOf('@') is > 0 and var at && at < value.Length - 1
        && IsInternetDomain(value[(at + 1)..]);

    private static bool IsInternetDomain(string domain)
    {
        var labels = domain.Split('.');
        return labels.Length >= 2 && labels.All(label => label.Length > 0);
    }
}
