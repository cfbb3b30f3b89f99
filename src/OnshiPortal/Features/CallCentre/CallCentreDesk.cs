using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Campaigns.Letters;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.CallCentre;

/// <summary>
/// The call centre's actions on one institution. Each is all or nothing: the change, its mail or letter and its audit
/// entry (operator, client address, reason) are saved in one transaction, or none of them is. None of them shows,
/// sets or logs a password: a reissue queues its letter for the post (<see cref="CredentialReissueLetter"/>) with the
/// new temporary password sealed in it, opened only when a print batch renders it, never for the operator.
/// </summary>
public sealed class CallCentreDesk(
    PortalDbContext db,
    UserManager<PortalUser> users,
    TemporaryCredentials credentials,
    PostalLetters.PostalLetterQueue letters,
    PasswordReset passwordReset,
    EmailChange emailChange,
    ServerSessions sessions,
    AuditTrail audit,
    IOptions<MailOptions> mail,
    PendingRegistrations pendingRegistrations,
    PublicAddress publicAddress,
    PeopleStates people,
    TimeProvider clock)
{
    /// <summary>
    /// Issues a new temporary credential (the earlier ones stop working) and queues its letter to the master's address
    /// in the same transaction, the password sealed in the queued letter (the earlier reissue letters' seals are
    /// dropped: their passwords no longer work); the next print batch prints it.
    /// </summary>
    /// <param name="latestSeen">
    /// The NN of the newest credential the operator's page showed (0 for none). A second post of the same page (a
    /// double click, or the button pressed again) is refused instead of superseding the letter just queued.
    /// </param>
    /// <returns>The new login ID, or the Japanese reason nothing was issued.</returns>
    public async Task<(string? LoginId, string? Refusal)> ReissueAsync(
        string code, int latestSeen, string actor, string reason, CancellationToken cancellationToken = default)
    {
        // The letter's QR code is the portal's public address: nothing is issued that would print a dead one.
        if (publicAddress.Problem is { } unpublished)
        {
            return (null, unpublished);
        }

        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var latest = await db.Set<TemporaryCredential>().Where(c => c.InstitutionCode == code)
                    .MaxAsync(c => (int?)c.Sequence, cancellationToken) ?? 0;
                if (latest != latestSeen)
                {
                    return ((string?)null, (string?)StaleReissue);
                }

                // The letter goes to the master's address: without one, nothing is issued that could not be posted.
                var institution = await db.Institutions.AsNoTracking().FirstOrDefaultAsync(i => i.Code == code, cancellationToken);
                if (institution is null || institution.PostalCode.Length != 7 || institution.Address.Length == 0)
                {
                    return ((string?)null, (string?)NoAddress);
                }

                IssuedCredential issued;
                try
                {
                    issued = await credentials.IssueAsync(code, Truncate("callcentre:" + actor, 256), cancellationToken);
                }
                catch (CredentialRefusedException refused)
                {
                    return ((string?)null, (string?)refused.Message);
                }

                var now = clock.GetUtcNow();
                await db.Set<PostalLetters.PostalLetter>()
                    .Where(l => l.InstitutionCode == code && l.Kind == PostalLetters.PostalLetterKind.CredentialReissue && l.SealedSecret != null)
                    .ExecuteUpdateAsync(s => s.SetProperty(l => l.SealedSecret, (byte[]?)null).SetProperty(l => l.SealKeyId, (string?)null), cancellationToken);
                letters.Queue(
                    PostalLetters.PostalLetterKind.CredentialReissue,
                    code,
                    new CredentialReissueLetter(
                        institution.Name, institution.PostalCode, institution.Address, code, issued.LoginId, issued.ExpiresAt, JapanTime.DayOf(now),
                        mail.Value.Link("/login?id=" + Uri.EscapeDataString(issued.LoginId))),
                    now,
                    new PostalLetters.LetterSecret(issued.LoginId, issued.Password, issued.ExpiresAt));
                audit.Record("callcentre.credential-reissued", actor, code, new { reason, loginId = issued.LoginId, expiresAt = issued.ExpiresAt });
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return (issued.LoginId, (string?)null);
            });
        }
        catch (DbUpdateException)
        {
            // The unique (code, NN): another operator reissued for the same institution at the same moment. Theirs stands.
            db.ChangeTracker.Clear();
            return (null, StaleReissue);
        }
    }

    public const string NoAddress = "医療機関等マスタに郵便番号・住所がないため、再発行の送付状を郵送できません。マスタを確認してください。";

    public const string StaleReissue = "この画面を開いた後に再発行が行われています（二重の送信を防ぐため、発行しませんでした）。医療機関等の画面で最新の仮IDを確認してください。";

    /// <summary>Ends a lockout from failed logins; the account's password stays as it was.</summary>
    public async Task<string?> UnlockAsync(string code, string actor, string reason, CancellationToken cancellationToken = default)
    {
        var user = await AccountOfAsync(code, cancellationToken);
        if (user is null)
        {
            return "アカウントが登録されていません。";
        }

        if (user.LockoutEnd is not { } end || end <= clock.GetUtcNow())
        {
            return "アカウントはロックされていません。";
        }

        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        audit.Record("callcentre.account-unlocked", actor, code, new { reason, lockedUntil = end });
        return await SaveAsync(user);
    }

    /// <summary>
    /// Ends every session of the account on every node: a new security stamp (a ticket written before it is refused
    /// by ServerSessionStore) and the rows deleted, in one transaction with the audit entry.
    /// </summary>
    public async Task<string?> EndSessionsAsync(string code, string actor, string reason, CancellationToken cancellationToken = default)
    {
        var user = await AccountOfAsync(code, cancellationToken);
        if (user is null)
        {
            return "アカウントが登録されていません。";
        }

        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var ended = await sessions.EndAllAsync(user.Id, cancellationToken: cancellationToken);
            audit.Record("callcentre.sessions-ended", actor, code, new { reason, sessions = ended });
            var result = await users.UpdateSecurityStampAsync(user);
            if (!result.Succeeded)
            {
                return "同時に別の変更が行われました。画面を開き直して状態を確認してください。";
            }

            await transaction.CommitAsync(cancellationToken);
            return (string?)null;
        });
    }

    /// <summary>Mails the reset link to the account's own, proven address.</summary>
    public async Task<string?> SendPasswordResetAsync(string code, string actor, string reason, CancellationToken cancellationToken = default)
    {
        var user = await AccountOfAsync(code, cancellationToken);
        if (user is null)
        {
            return "アカウントが登録されていません。";
        }

        if (!user.EmailConfirmed)
        {
            return "メールアドレスが確認されていないアカウントです。";
        }

        // The operator's page language says nothing of the institution's: the mail is in the one its person last used.
        using (Languages.Use(user.Language))
        {
            await passwordReset.QueueLinkAsync(user);
        }

        audit.Record("callcentre.password-reset-sent", actor, code, new { reason, to = user.Email });
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>
    /// After the caller's identity was checked (<paramref name="checks"/>, recorded): a link to the new address, which
    /// becomes the login when it is followed, as with a change the institution makes itself; the old address is told.
    /// </summary>
    /// <returns>Null when sent, or the field and the Japanese reason.</returns>
    public async Task<(string Field, string Message)?> ChangeEmailAsync(
        string code, string newEmail, IReadOnlyList<string> checks, string actor, string reason, CancellationToken cancellationToken = default)
    {
        var user = await AccountOfAsync(code, cancellationToken);
        if (user is null)
        {
            return (string.Empty, "アカウントが登録されていません。");
        }

        if (string.Equals(user.Email, newEmail, StringComparison.OrdinalIgnoreCase))
        {
            return ("NewEmail", "現在と同じメールアドレスです。");
        }

        if (await users.FindByEmailAsync(newEmail) is not null)
        {
            return ("NewEmail", "このメールアドレスは使用できません。別のメールアドレスを入力してください。");
        }

        using (Languages.Use(user.Language))
        {
            await emailChange.QueueAsync(user, newEmail);
        }

        audit.Record("callcentre.email-change-sent", actor, code, new { reason, oldEmail = user.Email, newEmail, identityChecks = checks });
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>
    /// Proves a pending self-registration: after the identity checks for a code the master had (a call-back to its
    /// phone), or against the master for a code it lacked then and has now.
    /// </summary>
    public async Task<string?> ConfirmRegistrationAsync(string code, IReadOnlyList<string> identityChecks, string actor, string reason, CancellationToken cancellationToken = default)
    {
        if (!await db.Institutions.AnyAsync(i => i.Code == code, cancellationToken))
        {
            return "医療機関等マスタにまだ登録されていないコードです。マスタの取込後に確認してください。";
        }

        return await OnPendingRegistrationAsync(code, async registration =>
        {
            await pendingRegistrations.ConfirmAsync(registration, SelfRegistration.Proof.Operator, actor, new { reason, identityChecks }, cancellationToken);
            audit.Record("callcentre.registration-confirmed", actor, code, new { reason, identityChecks, registration.Name, registration.Founder });
        }, cancellationToken);
    }

    /// <summary>Refuses a pending self-registration (its account is removed; the registrant is told by mail).</summary>
    public Task<string?> RefuseRegistrationAsync(string code, string actor, string reason, CancellationToken cancellationToken = default) =>
        OnPendingRegistrationAsync(code, async registration =>
        {
            await pendingRegistrations.RefuseAsync(registration, RefusedByOperator, actor, cancellationToken);
            audit.Record("callcentre.registration-refused", actor, code, new { reason, registration.Name, registration.Founder });
        }, cancellationToken);

    /// <summary>The code's latest pending self-registration, acted on and saved in one transaction; or why there is none.</summary>
    private Task<string?> OnPendingRegistrationAsync(string code, Func<SelfRegistration, Task> act, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var registration = await PendingRegistrations.All(db)
                .Where(r => r.InstitutionCode == code)
                .OrderByDescending(r => r.Id)
                .FirstOrDefaultAsync(cancellationToken);
            if (registration is null)
            {
                return "確認待ちの自己登録はありません。";
            }

            await act(registration);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (string?)null;
        });

    /// <summary>利用停止 of one of the institution's people; their open sessions end at once (PeopleStates).</summary>
    public async Task<string?> SuspendPersonAsync(string code, string personId, string actor, string reason, CancellationToken cancellationToken = default) =>
        await PersonOfAsync(code, personId, cancellationToken) is { } person
            ? await people.SuspendAsync(person, actor, reason, cancellationToken)
            : NoSuchPerson;

    /// <summary>Lifts 利用停止 or 休止 of one of the institution's people.</summary>
    public async Task<string?> LiftPersonAsync(string code, string personId, string actor, string reason, CancellationToken cancellationToken = default) =>
        await PersonOfAsync(code, personId, cancellationToken) is { } person
            ? await people.LiftAsync(person, actor, reason, cancellationToken)
            : NoSuchPerson;

    /// <summary>
    /// 管理者の復旧: when the institution has no active 管理者, makes one of its people 管理者 (and active, with the
    /// inactivity clock restarted), after the identity checks (<paramref name="checks"/>, recorded with the reason).
    /// </summary>
    public async Task<string?> RestoreAdministratorAsync(
        string code, string personId, IReadOnlyList<string> checks, string actor, string reason, CancellationToken cancellationToken = default)
    {
        var person = await PersonOfAsync(code, personId, cancellationToken);
        if (person is null || person.State == PersonState.Removed)
        {
            return NoSuchPerson;
        }

        if (await db.Set<PortalUser>().PeopleOf(code).ActiveAdministrators().AnyAsync(cancellationToken))
        {
            return "利用中の管理者がいます（管理者の交代は医療機関等の管理者が行います）。";
        }

        var was = new { role = person.InstitutionRole?.ToString(), state = person.State.ToString() };
        person.InstitutionRole = InstitutionRole.Administrator;
        if (person.State != PersonState.Active)
        {
            person.State = PersonState.Active;
            person.LastLoginAt = clock.GetUtcNow();
            person.InactivityWarnedAt = null;
        }

        audit.Record("callcentre.administrator-restored", actor, code, new { reason, person = person.Email, was, identityChecks = checks });
        return await SaveAsync(person);
    }

    public const string NoSuchPerson = "この医療機関等の職員ではありません。医療機関等の画面を開き直してください。";

    private Task<PortalUser?> PersonOfAsync(string code, string personId, CancellationToken cancellationToken) =>
        db.Set<PortalUser>().PeopleOf(code).FirstOrDefaultAsync(u => u.Id == personId, cancellationToken);

    /// <summary>What the registrant is told: not the operator's own words, which may name the caller.</summary>
    public const string RefusedByOperator = "支払基金の確認で、この医療機関等による登録であることを確認できませんでした。";

    private Task<PortalUser?> AccountOfAsync(string code, CancellationToken cancellationToken) =>
        db.Set<PortalUser>().FirstOrDefaultAsync(u => u.AccountOf == code, cancellationToken);

    /// <summary>Through the user manager (new concurrency stamp), with the audit entry already in the same SaveChanges.</summary>
    private async Task<string?> SaveAsync(PortalUser user)
    {
        var result = await users.UpdateAsync(user);
        return result.Succeeded ? null : "同時に別の変更が行われました。画面を開き直して状態を確認してください。";
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
