using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Dashboard;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.Registration;

/// <summary>
/// A self-registration proves that someone controls an e-mail address, not that they are the institution whose code
/// they typed: 医療機関等コード are public. So the account it makes is pending until the institution is proven, and
/// meanwhile it can file nothing and takes nothing away from the institution: its letter keeps working and, when
/// used, wins (docs/security.md, "Squatting").
/// <list type="bullet">
/// <item>The institution's letter (仮ID・仮パスワード) proves it at once, from マイページ.</item>
/// <item>An operator proves it in the 未確認 queue after calling the master's phone number back.</item>
/// <item>A confirmation code posted to the master's address at the registrant's request proves it (<see cref="RegistrationPins"/>).</item>
/// <item>The letter used for アカウント登録 by anyone refuses every pending registration of its code.</item>
/// </list>
/// </summary>
public sealed class PendingRegistrations(
    PortalDbContext db,
    UserManager<PortalUser> users,
    CredentialLogin credentialLogin,
    TemporaryCredentials credentials,
    MailOutbox outbox,
    AuditTrail audit,
    IOptions<MailOptions> mail,
    TimeProvider clock)
{
    public const string LetterUsedReason = "この医療機関等に郵送した仮ID・仮パスワードでアカウント登録が行われました。";

    public const string SuccessionReason = "承継の届出が受理され、この医療機関等コードには承継元のアカウントが引き継がれました。";

    public static IQueryable<SelfRegistration> All(PortalDbContext db) => db.Set<SelfRegistration>().Where(r => r.ConfirmedAt == null && r.RefusedAt == null);

    /// <summary>
    /// The accounts that stand for their institution: a pending one does not (yet), so it neither stops the
    /// institution's letters from being mailed or reissued nor stands in the way of a succession to its code.
    /// </summary>
    public static IQueryable<PortalUser> Proven(PortalDbContext db, IQueryable<PortalUser> accounts) =>
        accounts.Where(u => !All(db).Any(r => r.UserId == u.Id));

    /// <summary>Whether the account waits to be proven: it may log in and read, but not file.</summary>
    public static Task<bool> IsPendingAsync(PortalDbContext db, string userId, CancellationToken cancellationToken = default) =>
        All(db).AnyAsync(r => r.UserId == userId, cancellationToken);

    /// <summary>The self-registration of the institution's account of record while it waits to be proven.</summary>
    public static IQueryable<SelfRegistration> OfInstitution(PortalDbContext db, string institutionCode) =>
        All(db).Where(r => r.InstitutionCode == institutionCode && db.Users.Any(u => u.Id == r.UserId && u.AccountOf == institutionCode));

    /// <summary>Whether the institution's account of record waits to be proven: then nobody of it files, invites or delegates.</summary>
    public static Task<bool> IsInstitutionPendingAsync(PortalDbContext db, string institutionCode, CancellationToken cancellationToken = default) =>
        OfInstitution(db, institutionCode).AnyAsync(cancellationToken);

    public Task<SelfRegistration?> OfAccountAsync(string userId, CancellationToken cancellationToken = default) =>
        All(db).Where(r => r.UserId == userId).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// The letter's credential proves the pending account of its own code: the credential is spent (as an activation
    /// spends it) and the institution's other letters stop working, in one transaction.
    /// </summary>
    /// <returns>Null when proven, or the Japanese reason it was not.</returns>
    public async Task<string?> ProveWithLetterAsync(PortalUser account, string clientAddress, string loginId, string password, CancellationToken cancellationToken = default)
    {
        if (await OfAccountAsync(account.Id, cancellationToken) is null)
        {
            return "このアカウントは確認待ちではありません。";
        }

        // Throttled like the login page: the same counts, so this form is no second door for guessing.
        var attempt = await credentialLogin.AttemptAsync(clientAddress, LoginId.Normalize(loginId), password, cancellationToken);
        if (attempt.Check is null)
        {
            return attempt.Throttle.Message;
        }

        if (!attempt.IsValid || attempt.Check.Credential!.InstitutionCode != account.InstitutionCode)
        {
            audit.Record("registration.proof-failed", account.Email!, account.InstitutionCode, new { method = SelfRegistration.Proof.Letter });
            await db.SaveChangesAsync(cancellationToken);
            return "仮IDまたは仮パスワードが正しくないか、この医療機関等のものではありません。お手元の最新のダイレクトメールに記載の仮ID・仮パスワードを入力してください。";
        }

        var credential = attempt.Check.Credential;
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (!await credentials.MarkUsedAsync(credential.Id, cancellationToken))
            {
                return "この仮IDはすでに使用されたか、使えなくなりました。";
            }

            var registration = await OfAccountAsync(account.Id, cancellationToken);
            if (registration is null)
            {
                return "このアカウントは確認待ちではありません。";
            }

            await ConfirmAsync(registration, SelfRegistration.Proof.Letter, account.Email!, new { loginId = credential.LoginId }, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (string?)null;
        });
    }

    /// <summary>
    /// Marks a pending registration proven (the caller saves, in its transaction): one account per code from now on,
    /// so every letter of the code still outstanding stops working, as it did before registrations were pending.
    /// </summary>
    public async Task ConfirmAsync(SelfRegistration registration, string provenBy, string actor, object details, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        registration.ConfirmedAt = now;
        registration.ProvenBy = provenBy;
        await db.Set<TemporaryCredential>()
            .Where(c => c.InstitutionCode == registration.InstitutionCode && c.UsedAt == null && c.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.RevokedAt, now), cancellationToken);
        var account = await users.FindByIdAsync(registration.UserId);
        if (account?.Email is { } email)
        {
            using (Languages.Use(account.Language))
            {
                outbox.Enqueue(RegistrationMails.Proven(email, registration.Name, registration.InstitutionCode, mail.Value));
            }
        }

        audit.Record("registration.proven", actor, registration.InstitutionCode, new { by = provenBy, details });
    }

    /// <summary>
    /// The institution's own proof is being used (in the caller's transaction): its letter for アカウント登録, or an
    /// accepted succession bringing its account to this code. Every pending registration of the code is refused and
    /// its account removed, so that the proven account can take the code. The registrant is told why by mail; the
    /// audit keeps who it was.
    /// </summary>
    /// <returns>How many were refused.</returns>
    public async Task<int> GiveWayAsync(string institutionCode, string reason, string actor, CancellationToken cancellationToken = default)
    {
        var pending = await All(db).Where(r => r.InstitutionCode == institutionCode).ToListAsync(cancellationToken);
        foreach (var registration in pending)
        {
            await RefuseAsync(registration, reason, actor, cancellationToken);
        }

        return pending.Count;
    }

    /// <summary>Refuses a pending registration (the caller saves): its account is removed and the registrant told why.</summary>
    public async Task RefuseAsync(SelfRegistration registration, string reason, string actor, CancellationToken cancellationToken = default)
    {
        registration.RefusedAt = clock.GetUtcNow();
        registration.RefusalReason = reason;
        var account = await users.FindByIdAsync(registration.UserId);
        string? email = null;
        if (account is not null && account.InstitutionCode == registration.InstitutionCode)
        {
            email = account.Email;
            var language = account.Language;
            var removed = await users.DeleteAsync(account);
            if (!removed.Succeeded)
            {
                throw new InvalidOperationException("The pending account could not be removed: " + string.Join(", ", removed.Errors.Select(e => e.Code)));
            }

            if (account.AccountOf == registration.InstitutionCode)
            {
                await InstitutionSteps.AccountOfRecordAsync(db, registration.InstitutionCode, null, cancellationToken);
            }

            if (email is not null)
            {
                using (Languages.Use(language))
                {
                    outbox.Enqueue(RegistrationMails.Refused(email, registration.Name, registration.InstitutionCode, reason, mail.Value));
                }
            }
        }

        audit.Record("registration.refused", actor, registration.InstitutionCode, new { reason, email, registration.Name, registration.Founder });
    }
}
