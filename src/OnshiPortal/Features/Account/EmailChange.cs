using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.Account;

/// <summary>
/// A logged-in account changes its login e-mail: the new address is proven by a link sent to it, the old one is
/// told (when asked and when done), and the change ends the account's other sessions (security stamp).
/// </summary>
public sealed class EmailChange(
    UserManager<PortalUser> users,
    PortalDbContext db,
    MailOutbox outbox,
    AuditTrail audit,
    IOptions<MailOptions> mail,
    TimeProvider clock)
{
    /// <returns>Null when the link was sent, or the Japanese reason and the field it concerns.</returns>
    public async Task<(string Field, string Message)?> RequestAsync(PortalUser user, string newEmail, string currentPassword)
    {
        if (!await users.CheckPasswordAsync(user, currentPassword))
        {
            return ("CurrentPassword", "現在のパスワードが正しくありません。");
        }

        if (string.Equals(user.Email, newEmail, StringComparison.OrdinalIgnoreCase))
        {
            return ("NewEmail", "現在と同じメールアドレスです。");
        }

        if (await users.FindByEmailAsync(newEmail) is not null)
        {
            return ("NewEmail", "このメールアドレスは使用できません。別のメールアドレスを入力してください。");
        }

        await QueueAsync(user, newEmail);
        audit.Record("email.change-requested", user.Email!, user.InstitutionCode, new { newEmail });
        await db.SaveChangesAsync();
        return null;
    }

    /// <summary>
    /// Queues the link to the new address and the notice to the old one without saving: the caller's SaveChanges
    /// sends them with its own audit entry (the call centre's change after an identity check).
    /// </summary>
    public async Task QueueAsync(PortalUser user, string newEmail)
    {
        var token = await users.GenerateChangeEmailTokenAsync(user, newEmail);
        var link = mail.Value.Link($"/account/email/confirm?user={Uri.EscapeDataString(user.Id)}&email={Uri.EscapeDataString(newEmail)}&token={Uri.EscapeDataString(token)}");
        outbox.Enqueue(AccountMails.EmailChangeLink(user, newEmail, link));
        outbox.Enqueue(AccountMails.EmailChangeNotice(user, user.Email!, newEmail, done: false, clock.GetUtcNow()));
    }

    /// <summary>Follows the link: the new address becomes the login, in one transaction.</summary>
    public async Task<bool> ConfirmAsync(string userId, string newEmail, string token)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return false;
        }

        var oldEmail = user.Email!;
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var changed = await users.ChangeEmailAsync(user, newEmail, token);
            if (!changed.Succeeded || !(await users.SetUserNameAsync(user, newEmail)).Succeeded)
            {
                await transaction.RollbackAsync();
                return false;
            }

            outbox.Enqueue(AccountMails.EmailChangeNotice(user, oldEmail, newEmail, done: true, clock.GetUtcNow()));
            audit.Record("email.changed", newEmail, user.InstitutionCode, new { oldEmail, newEmail });
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return true;
        });
    }
}
