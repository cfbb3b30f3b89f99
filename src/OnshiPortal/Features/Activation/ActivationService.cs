using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Dashboard;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Infrastructure.Observability;

namespace OnshiPortal.Features.Activation;

/// <summary>What アカウント情報編集 shows: the master's data for the institution, and any activation under way.</summary>
public sealed record ActivationContext(Institution Institution, TemporaryCredential Credential, ActivationRequest? Pending);

public enum CompletionResult
{
    Completed,
    UnknownLink,
    Expired,
    AlreadyCompleted,
    CredentialNoLongerValid,
    EmailTaken,
}

/// <summary>
/// アカウント登録 (activation) of a pre-issued account, as the seed's 別添1 back page shows it: the institution,
/// logged in with its temporary credential, enters its own e-mail and password; the e-mail is proven by a
/// one-time link before it becomes the login; then the temporary credential stops working.
/// </summary>
public sealed class ActivationService(
    PortalDbContext db,
    UserManager<PortalUser> users,
    TemporaryCredentials credentials,
    MailOutbox outbox,
    AuditTrail audit,
    IOptions<MailOptions> mail,
    PendingRegistrations pendingRegistrations,
    PortalMetrics metrics,
    TimeProvider clock)
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(24);
    public static readonly TimeSpan ResendInterval = TimeSpan.FromSeconds(60);
    public const int MaxSends = 5;

    /// <summary>Null when the credential can no longer be used (spent, superseded or expired).</summary>
    public async Task<ActivationContext?> LoadAsync(long credentialId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var credential = await db.Set<TemporaryCredential>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == credentialId, cancellationToken);
        if (credential is null || credential.UsedAt is not null || credential.RevokedAt is not null || credential.ExpiresAt <= now)
        {
            return null;
        }

        var institution = await db.Institutions.AsNoTracking().FirstAsync(i => i.Code == credential.InstitutionCode, cancellationToken);
        var pending = await db.Set<ActivationRequest>().AsNoTracking()
            .Where(r => r.CredentialId == credentialId && r.CompletedAt == null)
            .OrderByDescending(r => r.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return new ActivationContext(institution, credential, pending is not null && pending.ExpiresAt > now ? pending : null);
    }

    /// <summary>Records the activation request and queues the mail with the one-time link, in one transaction.</summary>
    /// <returns>Null when done, or the Japanese reason the e-mail cannot be used.</returns>
    public async Task<string?> RequestAsync(ActivationContext context, ActivationDraft draft, CancellationToken cancellationToken = default)
    {
        if (await users.FindByEmailAsync(draft.Email) is not null)
        {
            return "このメールアドレスは使用できません。別のメールアドレスを入力してください。";
        }

        var now = clock.GetUtcNow();
        var token = ActivationToken.New();

        var request = new ActivationRequest
        {
            InstitutionCode = context.Institution.Code,
            CredentialId = context.Credential.Id,
            Email = draft.Email,
            PasswordHash = users.PasswordHasher.HashPassword(new PortalUser(), draft.Password),
            Phone = draft.Phone,
            ContactPerson = draft.ContactPerson,
            TokenHash = ActivationToken.Hash(token),
            CreatedAt = now,
            ExpiresAt = now + LinkLifetime,
            LastSentAt = now,
            SendCount = 1,
        };
        db.Set<ActivationRequest>().Add(request);
        outbox.Enqueue(ActivationMails.Link(context.Institution, request, LinkFor(token)));
        audit.Record("activation.requested", context.Credential.LoginId, context.Institution.Code,
            new { email = draft.Email, phone = draft.Phone, contactPerson = draft.ContactPerson });
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            // A new request replaces any earlier one of this login: only the latest link works.
            await db.Set<ActivationRequest>()
                .Where(r => r.CredentialId == context.Credential.Id && r.CompletedAt == null)
                .ExecuteDeleteAsync(cancellationToken);
            await LetterProgress.ActivationRequestedAsync(db, context.Institution.Code, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        return null;
    }

    /// <summary>Mails a fresh link for the pending request (the earlier link stops working).</summary>
    /// <returns>Null when sent, or the Japanese reason it was not.</returns>
    public async Task<string?> ResendAsync(ActivationContext context, CancellationToken cancellationToken = default)
    {
        var request = context.Pending is null ? null
            : await db.Set<ActivationRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == context.Pending.Id, cancellationToken);
        if (request is null)
        {
            return "送信中の登録はありません。アカウント情報を入力し直してください。";
        }

        var now = clock.GetUtcNow();
        if (request.SendCount >= MaxSends)
        {
            return "再送信の回数が上限に達しました。メールアドレスを確認のうえ、入力し直してください。";
        }

        if (now - request.LastSentAt < ResendInterval)
        {
            var wait = (int)Math.Ceiling((ResendInterval - (now - request.LastSentAt)).TotalSeconds);
            return Ui.Text("再送信は{0}秒後からできます。", wait);
        }

        var token = ActivationToken.New();
        var (checkedCount, checkedAt) = (request.SendCount, request.LastSentAt);
        request.TokenHash = ActivationToken.Hash(token);
        request.LastSentAt = now;
        request.ExpiresAt = now + LinkLifetime;
        request.SendCount++;
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            // Written only if the count and the time checked above are still the row's: of resends posted at once,
            // one finds them unchanged and mails; the others find its write and send nothing, so a burst passes
            // neither MaxSends nor the minute between two mails to an address the letter's holder typed.
            var claimed = await db.Set<ActivationRequest>()
                .Where(r => r.Id == request.Id && r.CompletedAt == null && r.SendCount == checkedCount && r.LastSentAt == checkedAt)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(r => r.TokenHash, request.TokenHash).SetProperty(r => r.LastSentAt, request.LastSentAt)
                        .SetProperty(r => r.ExpiresAt, request.ExpiresAt).SetProperty(r => r.SendCount, request.SendCount),
                    cancellationToken);
            if (claimed == 0)
            {
                return Ui.Text("再送信は{0}秒後からできます。", (int)ResendInterval.TotalSeconds);
            }

            outbox.Enqueue(ActivationMails.Link(context.Institution, request, LinkFor(token)));
            audit.Record("activation.link-resent", context.Credential.LoginId, context.Institution.Code, new { email = request.Email, request.SendCount });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (string?)null;
        });
    }

    /// <summary>The request a link belongs to, for the page that asks the person to confirm (no change yet).</summary>
    public async Task<(ActivationRequest? Request, Institution? Institution)> FindAsync(string token, CancellationToken cancellationToken = default)
    {
        var hash = ActivationToken.Hash(token);
        var request = await db.Set<ActivationRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.TokenHash == hash, cancellationToken);
        var institution = request is null ? null : await db.Institutions.AsNoTracking().FirstOrDefaultAsync(i => i.Code == request.InstitutionCode, cancellationToken);
        return (request, institution);
    }

    /// <summary>
    /// Follows the link: in one transaction the temporary credential is spent (atomically, so two racing
    /// completions cannot both win), the account is created with the proven e-mail and the chosen password,
    /// the completion mail is queued and the audit written.
    /// </summary>
    public async Task<CompletionResult> CompleteAsync(string token, CancellationToken cancellationToken = default)
    {
        var hash = ActivationToken.Hash(token);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var request = await db.Set<ActivationRequest>().FirstOrDefaultAsync(r => r.TokenHash == hash, cancellationToken);
            if (request is null)
            {
                return CompletionResult.UnknownLink;
            }

            if (request.CompletedAt is not null)
            {
                return CompletionResult.AlreadyCompleted;
            }

            var now = clock.GetUtcNow();
            if (request.ExpiresAt <= now)
            {
                return CompletionResult.Expired;
            }

            if (!await credentials.MarkUsedAsync(request.CredentialId, cancellationToken))
            {
                return CompletionResult.CredentialNoLongerValid;
            }

            var institution = await db.Institutions.AsNoTracking().FirstAsync(i => i.Code == request.InstitutionCode, cancellationToken);
            var loginId = await db.Set<TemporaryCredential>().Where(c => c.Id == request.CredentialId).Select(c => c.LoginId).FirstAsync(cancellationToken);

            // The letter wins over a self-registration of its code that nobody proved (docs/security.md, "Squatting").
            await pendingRegistrations.GiveWayAsync(institution.Code, PendingRegistrations.LetterUsedReason, loginId, cancellationToken);
            var user = new PortalUser
            {
                UserName = request.Email,
                Email = request.Email,
                EmailConfirmed = true, // proven by following the link
                PasswordHash = request.PasswordHash,
                PhoneNumber = request.Phone,
                ContactPerson = request.ContactPerson,
                Language = Languages.Current,
                DisplayName = institution.Name,
                InstitutionCode = institution.Code,

                // The first 管理者, who invites the others, and the institution's account of record.
                InstitutionRole = InstitutionRole.Administrator,
                AccountOf = institution.Code,
                CreatedAt = now,
            };

            try
            {
                var created = await users.CreateAsync(user);
                if (!created.Succeeded)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return CompletionResult.EmailTaken;
                }
            }
            catch (DbUpdateException)
            {
                // The unique index on the account of record: another activation of this code won.
                await transaction.RollbackAsync(cancellationToken);
                return CompletionResult.CredentialNoLongerValid;
            }

            request.CompletedAt = now;
            await InstitutionSteps.AccountOfRecordAsync(db, institution.Code, user.CreatedAt, cancellationToken);
            await LetterProgress.ActivatedAsync(db, institution.Code, now, cancellationToken);
            outbox.Enqueue(ActivationMails.Completed(institution, request, mail.Value.Link("/login")));
            audit.Record("activation.completed", loginId, institution.Code, new { email = request.Email, userId = user.Id });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            metrics.ActivationCompleted();
            return CompletionResult.Completed;
        });
    }

    private string LinkFor(string token) => mail.Value.Link("/activation/complete?token=" + Uri.EscapeDataString(token));
}
