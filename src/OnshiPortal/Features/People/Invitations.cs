using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.People;

/// <summary>
/// The invitee's side of an invitation (招待の受諾): the link names it, the invitee sets a password, and becomes a
/// person of the institution. An address already in use stays with its account: only a person removed from an
/// institution (who holds nothing) is taken over, with their old second factors gone.
/// </summary>
public sealed class Invitations(PortalDbContext db, UserManager<PortalUser> users, AuditTrail audit, TimeProvider clock)
{
    public const string NotValid = "この招待のURLは使えません（有効期限切れ、使用済み、または取り消されています）。招待した管理者に、もう一度招待するよう依頼してください。";

    public const string AddressInUse = "このメールアドレスはすでにほかのアカウントで使われています。招待した管理者に、別のメールアドレスで招待するよう依頼してください。";

    /// <summary>The open member invitation the token names, with its institution's name; null if none.</summary>
    public async Task<(Invitation Invitation, string InstitutionName)?> FindAsync(string? token, CancellationToken cancellationToken = default)
    {
        var invitation = await Invitation.OpenByTokenAsync(db.Set<Invitation>().Where(i => i.Role != null), token, clock.GetUtcNow(), cancellationToken);
        if (invitation is null)
        {
            return null;
        }

        return (invitation, await InstitutionNames.OfAsync(db, invitation.InstitutionCode, cancellationToken));
    }

    /// <returns>Null when the person joined, or the Japanese reason (the password's, or why the link is refused).</returns>
    public async Task<IReadOnlyList<string>?> AcceptAsync(string token, string password, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(token, cancellationToken) is not { } found)
        {
            return [NotValid];
        }

        var invitation = found.Invitation;
        var person = await users.FindByEmailAsync(invitation.Email);
        if (person is not null && !await MayTakeOverAsync(person))
        {
            return [AddressInUse];
        }

        var now = clock.GetUtcNow();
        var tookOver = person is not null;
        person ??= new PortalUser { UserName = invitation.Email, Email = invitation.Email, CreatedAt = now };
        person.InstitutionCode = invitation.InstitutionCode;
        person.InstitutionRole = invitation.Role;
        person.DisplayName = invitation.DisplayName;
        person.EmailConfirmed = true; // the link came to this address
        person.State = PersonState.Active;
        person.LastLoginAt = now;
        person.InactivityWarnedAt = null;
        person.Language = Languages.Current;
        var errors = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            errors.AddRange((await validator.ValidateAsync(users, person, password)).Errors.Select(e => e.Description));
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        person.PasswordHash = users.PasswordHasher.HashPassword(person, password);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            // Spent first: the same link in two tabs makes one person.
            var spent = await db.Set<Invitation>().Where(i => i.Id == invitation.Id && i.AcceptedAt == null && i.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now), cancellationToken);
            if (spent == 0)
            {
                return (IReadOnlyList<string>?)[NotValid];
            }

            if (tookOver)
            {
                // Whoever held this address before may not be who reads it now: their factors do not come along.
                await users.SetTwoFactorEnabledAsync(person, false);
                await users.ResetAuthenticatorKeyAsync(person);
                await users.GenerateNewTwoFactorRecoveryCodesAsync(person, 0);
                foreach (var passkey in await users.GetPasskeysAsync(person))
                {
                    await users.RemovePasskeyAsync(person, passkey.CredentialId);
                }

                var updated = await users.UpdateAsync(person);
                if (!updated.Succeeded)
                {
                    return updated.Errors.Select(e => e.Description).ToList();
                }
            }
            else
            {
                var created = await users.CreateAsync(person);
                if (!created.Succeeded)
                {
                    return [AddressInUse];
                }
            }

            var invitedBy = await db.Users.Where(u => u.Id == invitation.InvitedBy).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken) ?? invitation.InvitedBy;
            audit.Record("people.joined", invitation.Email, invitation.InstitutionCode, new { role = invitation.Role.ToString(), invitedBy, tookOver });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return null;
        });
    }

    /// <summary>Only a person removed from an institution, holding no role of 支払基金 and no vendor's delegations.</summary>
    private async Task<bool> MayTakeOverAsync(PortalUser person) =>
        person.State == PersonState.Removed && person.VendorCompany is null && (await users.GetRolesAsync(person)).Count == 0;
}
