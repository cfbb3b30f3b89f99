using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.CallCentre;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Housekeeping;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Infrastructure.Mail.Reminders;

namespace OnshiPortal.Features.Activation.Reminders;

/// <summary>
/// 仮パスワードの有効期限のお知らせ: a letter's temporary credential that has not been used and expires within
/// <see cref="CredentialOptions.RemindDaysBeforeExpiry"/> days is announced by mail to its institution when the portal
/// has an address for it — the one typed on an unfinished アカウント登録 (whoever typed it held the letter), or an
/// earlier account's (a 休止 person of the institution, or a person of the code it succeeded). Institutions with no
/// address are counted: the next 再送 campaign writes to them on paper. Once per credential (<see cref="SentReminders"/>);
/// the mail holds no secret, only the date and where to turn.
/// </summary>
public sealed class LetterExpiryReminders(PortalDbContext db, MailOutbox outbox, IOptions<CredentialOptions> options, IOptions<MailOptions> mail, IOptions<CallCentreContact> callCentre, TimeProvider clock)
{
    public const string Kind = "letter-expiry";

    /// <summary>What a run did: the institutions mailed and those left for the next paper mailing.</summary>
    public sealed record Outcome(int Mailed, int WithoutAddress);

    public async Task<Outcome> SendDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var horizon = now.AddDays(Math.Max(1, options.Value.RemindDaysBeforeExpiry));
        var due = Due(now, horizon);
        var mailed = await Batches.EachKeyAsync(
            from => due.Where(c => string.Compare(c.LoginId, from) > 0).OrderBy(c => c.LoginId).Select(c => c.LoginId),
            loginId => SendOnceAsync(loginId, now, cancellationToken),
            cancellationToken);
        var withoutAddress = await due.CountAsync(cancellationToken);
        return new(mailed, withoutAddress);
    }

    /// <summary>
    /// Unused and unrevoked credentials expiring before <paramref name="horizon"/>, of active institutions without an
    /// active person, not yet reminded. What is still here after a run had no address.
    /// </summary>
    private IQueryable<TemporaryCredential> Due(DateTimeOffset now, DateTimeOffset horizon) =>
        db.Set<TemporaryCredential>().AsNoTracking().Where(c => c.UsedAt == null && c.RevokedAt == null && c.ExpiresAt > now && c.ExpiresAt <= horizon
            && db.Institutions.Any(i => i.Code == c.InstitutionCode && i.Status == InstitutionStatus.Active)
            && !db.Users.Any(u => u.InstitutionCode == c.InstitutionCode && u.State == PersonState.Active)
            && !db.Set<SentReminder>().Any(r => r.Kind == Kind && r.Occasion == c.LoginId));

    private async Task<bool> SendOnceAsync(string loginId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var credential = await db.Set<TemporaryCredential>().AsNoTracking().FirstAsync(c => c.LoginId == loginId, cancellationToken);
        var addresses = await AddressesAsync(credential.InstitutionCode, cancellationToken);
        if (addresses.Count == 0)
        {
            return false; // counted for the next 再送: it stays in Due
        }

        return await SentReminders.SendOnceAsync(db, Kind, loginId, credential.InstitutionCode, now, ct => EnqueueAsync(credential, addresses, ct), cancellationToken);
    }

    /// <summary>Where the institution can be reached, without duplicates: the unfinished registration's first, then earlier accounts' that do not mute reminders.</summary>
    private async Task<IReadOnlyList<MailRecipient>> AddressesAsync(string code, CancellationToken cancellationToken)
    {
        var typed = await db.Set<ActivationRequest>().AsNoTracking()
            .Where(r => r.InstitutionCode == code && r.CompletedAt == null)
            .OrderByDescending(r => r.CreatedAt)
            .Select(r => r.Email)
            .FirstOrDefaultAsync(cancellationToken);
        var predecessor = await db.Institutions.AsNoTracking().Where(i => i.Code == code).Select(i => i.PredecessorCode).FirstOrDefaultAsync(cancellationToken);
        var earlier = await db.Users.AsNoTracking()
            .Where(u => u.Email != null
                && ((u.InstitutionCode == code && u.State == PersonState.Dormant)
                    || (predecessor != null && u.InstitutionCode == predecessor && (u.State == PersonState.Active || u.State == PersonState.Dormant))))
            .OrderBy(u => u.CreatedAt)
            .Select(u => new { u.Email, u.Language, u.MutedMails })
            .ToListAsync(cancellationToken);
        var recipients = new List<MailRecipient>();
        if (typed is not null && MailAddresses.IsSendable(typed))
        {
            recipients.Add(new MailRecipient(typed, Languages.Japanese));
        }

        recipients.AddRange(earlier.Where(u => (u.MutedMails & MailTopics.Reminders) == 0 && MailAddresses.IsSendable(u.Email!)).Select(u => new MailRecipient(u.Email!, u.Language)));
        return [.. recipients.DistinctBy(r => r.Email, StringComparer.OrdinalIgnoreCase).Take(5)];
    }

    private async Task<int> EnqueueAsync(TemporaryCredential credential, IReadOnlyList<MailRecipient> recipients, CancellationToken cancellationToken)
    {
        // Asked again inside the transaction: a registration or a reissue since the list was read needs no reminder.
        var still = await db.Set<TemporaryCredential>().AsNoTracking()
            .AnyAsync(c => c.Id == credential.Id && c.UsedAt == null && c.RevokedAt == null, cancellationToken)
            && !await db.Users.AnyAsync(u => u.InstitutionCode == credential.InstitutionCode && u.State == PersonState.Active, cancellationToken);
        var institution = await db.Institutions.AsNoTracking().FirstAsync(i => i.Code == credential.InstitutionCode, cancellationToken);
        if (!still)
        {
            return 0;
        }

        var today = JapanTime.DayOf(clock.GetUtcNow());
        var expires = JapanTime.DayOf(credential.ExpiresAt);
        foreach (var recipient in recipients)
        {
            using (Languages.Use(recipient.Language))
            {
                outbox.Enqueue(MailTemplate.Render(typeof(LetterExpiryReminders), "LetterExpiry", new Dictionary<string, string>
                {
                    ["InstitutionName"] = institution.Name,
                    ["InstitutionCode"] = institution.Code,
                    ["IssuedOn"] = Wareki.Date(credential.IssuedAt),
                    ["ExpiresOn"] = Wareki.Date(expires),
                    ["DaysLeft"] = Math.Max(0, expires.DayNumber - today.DayNumber).ToString(CultureInfo.InvariantCulture),
                    ["LoginUrl"] = mail.Value.Link("/login"),
                    ["Phone"] = callCentre.Value.Phone,
                    ["Hours"] = callCentre.Value.Hours,
                }).To(recipient.Email));
            }
        }

        return recipients.Count;
    }
}
