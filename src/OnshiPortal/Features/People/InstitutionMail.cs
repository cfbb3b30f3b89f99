using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.People;

/// <summary>One address a mail about an institution goes to, and the language its person reads.</summary>
public sealed record MailRecipient(string Email, string Language);

/// <summary>
/// Whom a mail about an institution goes to: its active people who want that <see cref="MailTopics"/> (and the
/// vendor's person who did the thing, if they want it). When every one of them turned off <see cref="MailTopics.Outcomes"/>,
/// its 管理者 still get it: an institution is never left not knowing that its filing was returned. The other topics
/// (reminders, news) are the people's choice: muted by all, they go to nobody.
/// </summary>
public static class InstitutionMail
{
    /// <summary>
    /// Everybody a mailing to all goes to (news, incidents): the active people of institutions and vendors with a
    /// confirmed address who did not mute <paramref name="topic"/>. Ordered and walked by id by the mailing's cursor.
    /// </summary>
    public static IQueryable<PortalUser> Subscribers(PortalDbContext db, MailTopics topic)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Users.Where(u => u.State == PersonState.Active && u.Email != null && u.EmailConfirmed
            && (u.InstitutionRole != null || u.VendorCompany != null)
            && (u.MutedMails & topic) == 0);
    }

    public static async Task<IReadOnlyList<MailRecipient>> RecipientsAsync(
        PortalDbContext db, string institutionCode, MailTopics topic, string? alsoUserId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var people = await db.Users.AsNoTracking()
            .Where(u => u.State == PersonState.Active && u.Email != null
                && ((u.InstitutionCode == institutionCode && u.InstitutionRole != null) || u.Id == alsoUserId))
            .Select(u => new { u.Email, u.Language, u.MutedMails, u.InstitutionRole })
            .ToListAsync(cancellationToken);
        var wanting = people.Where(p => (p.MutedMails & topic) == 0).ToList();
        if (wanting.Count == 0 && topic == MailTopics.Outcomes)
        {
            wanting = people.Where(p => p.InstitutionRole == InstitutionRole.Administrator).ToList();
        }

        return wanting.Select(p => new MailRecipient(p.Email!, p.Language)).DistinctBy(p => p.Email, StringComparer.OrdinalIgnoreCase).ToList();
    }
}
