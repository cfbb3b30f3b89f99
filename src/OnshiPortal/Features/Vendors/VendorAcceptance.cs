using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Vendors;

/// <summary>Who the invited address belongs to, which decides what the acceptance page asks.</summary>
public enum Invitee
{
    /// <summary>Nobody yet: the page asks for a password and makes the vendor's account.</summary>
    NoAccount,

    /// <summary>A vendor's person already: the delegation is added to their account.</summary>
    Vendor,

    /// <summary>An institution's person or an operator: a vendor's delegation cannot be attached to them.</summary>
    Other,
}

/// <summary>What the link offers, shown before anything changes.</summary>
public sealed record VendorOffer(Invitation Invitation, string InstitutionName, string InviterName, Invitee Invitee)
{
    public IReadOnlySet<Filings.FilingType> Procedures => VendorDelegation.ParseProcedures(Invitation.Procedures ?? string.Empty);
}

/// <summary>How an acceptance went: refused (with why), a password not good enough, or accepted.</summary>
public sealed record AcceptOutcome(string? Refusal, IReadOnlyList<string> PasswordErrors, bool NewAccount)
{
    public bool Accepted => Refusal is null && PasswordErrors.Count == 0;
}

/// <summary>
/// The vendor's side of ベンダー (委任): the mailed link (24 hours, once; only its hash is kept) proves the mailbox, as
/// a password-reset link would. Nobody at that address: the person sets a password and a vendor's account is made.
/// A vendor's account there: the delegation is added to it. An institution's person or an operator there: refused,
/// nothing changes. The same vendor already acting for the institution has that delegation updated rather than a
/// second one added. One transaction; the link is spent.
/// </summary>
public sealed class VendorAcceptance(PortalDbContext db, UserManager<PortalUser> users, AuditTrail audit, TimeProvider clock)
{
    /// <summary>The one answer for a link that is unknown, expired, used or revoked.</summary>
    public const string InvalidLink = "このURLは無効です。有効期限（24時間）が切れたか、すでに使用されたか、取り消されています。委任した医療機関等の管理者に、改めて委任するよう依頼してください。";

    public const string NotAVendorAddress = "このメールアドレスは医療機関等または支払基金のアカウントで使われているため、ベンダーとして委任を受けることはできません。委任した医療機関等の管理者に、別のメールアドレスで委任し直すよう依頼してください。";

    public const string PasswordRequired = "パスワードを入力してください。";

    /// <summary>The open invitation of a link, or null for any link that cannot be accepted.</summary>
    public async Task<VendorOffer?> FindAsync(string? token, CancellationToken cancellationToken = default)
    {
        var invitation = await Invitation.OpenByTokenAsync(db.Set<Invitation>().Where(i => i.VendorCompany != null), token, clock.GetUtcNow(), cancellationToken);
        if (invitation is null)
        {
            return null;
        }

        var names = await InstitutionNames.OfAsync(db, [invitation.InstitutionCode], cancellationToken);
        var inviter = await db.Users.AsNoTracking().Where(u => u.Id == invitation.InvitedBy).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
        return new VendorOffer(invitation, names.Of(invitation.InstitutionCode), inviter ?? string.Empty, InviteeOf(await users.FindByEmailAsync(invitation.Email)));
    }

    /// <summary>受け入れる. <paramref name="password"/> is needed only when nobody has the address yet.</summary>
    public async Task<AcceptOutcome> AcceptAsync(string? token, string? password, CancellationToken cancellationToken = default)
    {
        var offer = await FindAsync(token, cancellationToken);
        if (offer is null)
        {
            return new AcceptOutcome(InvalidLink, [], false);
        }

        if (offer.Invitee == Invitee.Other)
        {
            return new AcceptOutcome(NotAVendorAddress, [], false);
        }

        var invitation = offer.Invitation;
        var now = clock.GetUtcNow();
        PortalUser? created = null;
        if (offer.Invitee == Invitee.NoAccount)
        {
            if (string.IsNullOrEmpty(password))
            {
                return new AcceptOutcome(null, [PasswordRequired], true);
            }

            created = new PortalUser
            {
                UserName = invitation.Email,
                Email = invitation.Email,
                EmailConfirmed = true, // proven: the page was reached through the link mailed to it
                DisplayName = invitation.DisplayName,
                VendorCompany = invitation.VendorCompany,
                Language = Languages.Current,
                CreatedAt = now,
                LastLoginAt = null,
            };
            var problems = new List<string>();
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, created, password);
                problems.AddRange(result.Errors.Select(e => e.Description));
            }

            if (problems.Count > 0)
            {
                return new AcceptOutcome(null, problems, true);
            }
        }

        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var spent = await db.Set<Invitation>()
                .Where(i => i.Id == invitation.Id && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now), cancellationToken);
            if (spent == 0)
            {
                return new AcceptOutcome(InvalidLink, [], false);
            }

            // Read again inside the transaction: the address may have found an owner since the page was shown.
            var vendor = await users.FindByEmailAsync(invitation.Email);
            if (vendor is not null && InviteeOf(vendor) == Invitee.Other)
            {
                await transaction.RollbackAsync(cancellationToken);
                return new AcceptOutcome(NotAVendorAddress, [], false);
            }

            if (vendor is null)
            {
                if (created is null)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return new AcceptOutcome(null, [PasswordRequired], true);
                }

                var result = await users.CreateAsync(created, password!);
                if (!result.Succeeded)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return new AcceptOutcome(null, result.Errors.Select(e => e.Description).ToList(), true);
                }

                vendor = created;
            }

            var grantedBy = await db.Users.Where(u => u.Id == invitation.InvitedBy).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken) ?? invitation.InvitedBy;
            var today = JapanTime.DayOf(now);
            var existing = await db.Set<VendorDelegation>().Where(d => d.VendorUserId == vendor.Id && d.InstitutionCode == invitation.InstitutionCode
                    && d.RevokedAt == null && d.EndsOn >= today)
                .OrderByDescending(d => d.GrantedAt).FirstOrDefaultAsync(cancellationToken);
            if (existing is null)
            {
                db.Set<VendorDelegation>().Add(new VendorDelegation
                {
                    InstitutionCode = invitation.InstitutionCode,
                    VendorUserId = vendor.Id,
                    Procedures = invitation.Procedures ?? string.Empty,
                    EndsOn = invitation.EndsOn ?? today,
                    GrantedAt = now,
                    GrantedBy = grantedBy,
                });
            }
            else
            {
                existing.Procedures = invitation.Procedures ?? string.Empty;
                existing.EndsOn = invitation.EndsOn ?? today;
                existing.GrantedAt = now;
                existing.GrantedBy = grantedBy;
            }

            audit.Record("vendor.accepted", invitation.Email, invitation.InstitutionCode, new
            {
                procedures = invitation.Procedures,
                endsOn = invitation.EndsOn,
                grantedBy,
                newAccount = created is not null && vendor == created,
                updated = existing is not null,
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new AcceptOutcome(null, [], created is not null && vendor == created);
        });
    }

    private static Invitee InviteeOf(PortalUser? user) =>
        user is null ? Invitee.NoAccount : user.VendorCompany is not null && user.InstitutionCode is null ? Invitee.Vendor : Invitee.Other;
}
