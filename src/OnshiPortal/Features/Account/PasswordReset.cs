using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.Account;

/// <summary>
/// パスワードをお忘れの方: a one-time link to the account's own address. Identity's reset token is bound to the
/// account's security stamp, so it works once, and every session of the account ends with the change.
/// </summary>
public sealed class PasswordReset(
    UserManager<PortalUser> users,
    PortalDbContext db,
    MailOutbox outbox,
    AuditTrail audit,
    IOptions<MailOptions> mail,
    TimeProvider clock)
{
    /// <summary>
    /// Queues the link when the address has an account, and otherwise a mail that says it has none (the way to
    /// register): the same work either way — one lookup, one reset token made, one mail queued through the outbox,
    /// one audit entry, one SaveChanges — so that neither the answer nor the work tells whether the address has an
    /// account.
    /// </summary>
    public async Task RequestAsync(string email)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null || !user.EmailConfirmed)
        {
            // A token for a stand-in account (never stored, never sent): the cost of the real one.
            await users.GeneratePasswordResetTokenAsync(new PortalUser { Id = Guid.NewGuid().ToString(), SecurityStamp = Guid.NewGuid().ToString("N") });
            outbox.Enqueue(AccountMails.NoAccount(email, mail.Value.Link("/register")));
            audit.Record("password.reset-requested", email.Length <= 256 ? email : email[..256], null, new { account = false });
            await db.SaveChangesAsync();
            return;
        }

        await QueueLinkAsync(user);
        audit.Record("password.reset-requested", user.Email!, user.InstitutionCode, new { account = true });
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Queues the one-time link to the account's own address without saving: the caller's SaveChanges sends it
    /// together with its own audit entry (the call centre's forced reset mail).
    /// </summary>
    public async Task QueueLinkAsync(PortalUser user)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = mail.Value.Link($"/account/reset?user={Uri.EscapeDataString(user.Id)}&token={Uri.EscapeDataString(token)}");
        outbox.Enqueue(AccountMails.Link(user, link));
    }

    /// <summary>Sets the new password; returns the Japanese errors, none when done.</summary>
    public async Task<IReadOnlyList<IdentityError>> ResetAsync(string userId, string token, string newPassword)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return [InvalidLink];
        }

        var result = await users.ResetPasswordAsync(user, token, newPassword);
        if (!result.Succeeded)
        {
            return [.. result.Errors.Select(e => e.Code == "InvalidToken" ? InvalidLink : e)];
        }

        // A reset proves control of the address: a lockout from guessing ends with it.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        outbox.Enqueue(AccountMails.Changed(user, clock.GetUtcNow()));
        audit.Record("password.reset", user.Email!, user.InstitutionCode);
        await db.SaveChangesAsync();
        return [];
    }

    public static readonly IdentityError InvalidLink = new()
    {
        Code = "InvalidToken",
        Description = "このURLは無効か、有効期限が切れています。もう一度「パスワードをお忘れの方」からお手続きください。",
    };
}
