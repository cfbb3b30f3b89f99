using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.Vendors;

/// <summary>What a 管理者 typed to delegate to a vendor's person.</summary>
public sealed record GrantRequest(string Email, string DisplayName, string Company, IReadOnlyCollection<FilingType> Procedures, DateOnly? EndsOn);

/// <summary>One line of the 管理者's list: a delegation, or an invitation not accepted.</summary>
public sealed record DelegationRow(
    long? DelegationId, long? InvitationId, string Name, string Email, string Company, IReadOnlySet<FilingType> Procedures, DateOnly EndsOn, DelegationState State);

/// <summary>
/// The 管理者's side of ベンダー (委任): grant (an invitation mailed to the vendor's person, who accepts it through
/// <see cref="VendorAcceptance"/>), renew and revoke. Each is audited under the 管理者's name, and each is one
/// transaction with its mail. A revocation holds at the vendor's next request: the resolver reads the delegation
/// from the database at every request.
/// </summary>
public sealed class VendorGrants(PortalDbContext db, MailOutbox outbox, AuditTrail audit, IOptions<MailOptions> mail, TimeProvider clock)
{
    public const string Pending = "アカウントの確認が済むまで、ベンダーへの委任はできません。";

    public DateOnly Today => JapanTime.Today(clock);

    /// <summary>The last end date a grant or a renewal may set today: six months ahead, Japan time.</summary>
    public DateOnly LatestEnd => Today.AddMonths(VendorDelegation.MaxMonths);

    /// <summary>Null when the end date is today or later and at most six months ahead; else why not.</summary>
    public string? EndDateRefusal(DateOnly? endsOn) => endsOn switch
    {
        null => "委任の期限を入力してください。",
        { } day when day < Today => "委任の期限には今日以降の日付を入力してください。",
        { } day when day > LatestEnd => "委任の期限は今日から6か月以内の日付にしてください。",
        _ => null,
    };

    /// <summary>The institution's delegations and the invitations not accepted, those in force or waiting first.</summary>
    public async Task<List<DelegationRow>> ListAsync(string code, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var delegations = await (from d in db.Set<VendorDelegation>().AsNoTracking()
                                 join u in db.Users.AsNoTracking() on d.VendorUserId equals u.Id
                                 where d.InstitutionCode == code
                                 select new { Delegation = d, u.DisplayName, u.Email, u.VendorCompany }).ToListAsync(cancellationToken);
        var invitations = await db.Set<Invitation>().AsNoTracking()
            .Where(i => i.InstitutionCode == code && i.VendorCompany != null && i.AcceptedAt == null)
            .ToListAsync(cancellationToken);
        return delegations
            .Select(d => new DelegationRow(d.Delegation.Id, null, d.DisplayName, d.Email ?? string.Empty, d.VendorCompany ?? string.Empty,
                d.Delegation.ProcedureSet, d.Delegation.EndsOn, DelegationStates.Of(d.Delegation, now)))
            .Concat(invitations.Select(i => new DelegationRow(null, i.Id, i.DisplayName, i.Email, i.VendorCompany!,
                VendorDelegation.ParseProcedures(i.Procedures ?? string.Empty), i.EndsOn ?? JapanTime.DayOf(i.CreatedAt), DelegationStates.Of(i, now))))
            .OrderBy(r => r.State).ThenBy(r => r.EndsOn).ThenBy(r => r.Email, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>
    /// 委任する: an invitation for the vendor's person, its link mailed. An invitation still open for the same address
    /// is replaced (its link stops working), so that only the latest terms can be accepted.
    /// </summary>
    /// <returns>The refusals by field (<c>Procedures</c>, <c>EndsOn</c>, or empty for the whole form); none when granted.</returns>
    public async Task<IReadOnlyList<(string Field, string Message)>> GrantAsync(InstitutionAccess access, GrantRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(request);
        if (!access.May(InstitutionRight.ManagePeople))
        {
            throw new InvalidOperationException("Only an institution's administrator delegates to a vendor.");
        }

        var refusals = new List<(string, string)>();
        if (await PendingRegistrations.IsInstitutionPendingAsync(db, access.InstitutionCode, cancellationToken))
        {
            refusals.Add((string.Empty, Pending));
            return refusals;
        }

        if (request.Procedures.Count == 0)
        {
            refusals.Add((nameof(GrantRequest.Procedures), "委任する手続きを1つ以上選んでください。"));
        }

        if (EndDateRefusal(request.EndsOn) is { } endRefusal)
        {
            refusals.Add((nameof(GrantRequest.EndsOn), endRefusal));
        }

        if (refusals.Count > 0)
        {
            return refusals;
        }

        var now = clock.GetUtcNow();
        var token = ActivationToken.New();
        var invitation = new Invitation
        {
            InstitutionCode = access.InstitutionCode,
            Email = request.Email,
            DisplayName = request.DisplayName,
            VendorCompany = request.Company,
            Procedures = VendorDelegation.FormatProcedures(request.Procedures),
            EndsOn = request.EndsOn,
            TokenHash = ActivationToken.Hash(token),
            InvitedBy = access.Person.Id,
            CreatedAt = now,
            ExpiresAt = now + Invitation.Lifetime,
        };
        var names = await InstitutionNames.OfAsync(db, [access.InstitutionCode], cancellationToken);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var open = await db.Set<Invitation>()
                .Where(i => i.InstitutionCode == access.InstitutionCode && i.VendorCompany != null && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
                .ToListAsync(cancellationToken);
            foreach (var replaced in open.Where(i => string.Equals(i.Email, request.Email, StringComparison.OrdinalIgnoreCase)))
            {
                replaced.RevokedAt = now;
            }

            db.Set<Invitation>().Add(invitation);
            outbox.Enqueue(VendorMails.Invitation(invitation, token, names.Of(access.InstitutionCode), access.Person.DisplayName, mail.Value));
            audit.Record("vendor.invited", access.Actor, access.InstitutionCode, new
            {
                vendor = request.Email,
                name = request.DisplayName,
                company = request.Company,
                procedures = invitation.Procedures,
                endsOn = request.EndsOn,
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
        return refusals;
    }

    /// <summary>更新: a new end date, at most six months from today. Not for a revoked delegation.</summary>
    /// <returns>Null when renewed, or the Japanese reason it was not.</returns>
    public async Task<string?> RenewAsync(InstitutionAccess access, long delegationId, DateOnly? endsOn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        if (EndDateRefusal(endsOn) is { } refusal)
        {
            return refusal;
        }

        var delegation = await db.Set<VendorDelegation>().FirstOrDefaultAsync(d => d.Id == delegationId && d.InstitutionCode == access.InstitutionCode, cancellationToken);
        if (delegation is null || delegation.RevokedAt is not null)
        {
            return "取り消された委任は更新できません。改めて委任してください。";
        }

        var now = clock.GetUtcNow();
        if (!delegation.IsActive(now) && await db.Set<VendorDelegation>().AnyAsync(d => d.Id != delegation.Id && d.InstitutionCode == delegation.InstitutionCode
            && d.VendorUserId == delegation.VendorUserId && d.RevokedAt == null && d.EndsOn >= Today, cancellationToken))
        {
            return "この担当者には有効な委任があります。有効な委任の期限を更新してください。";
        }

        var before = delegation.EndsOn;
        delegation.EndsOn = endsOn!.Value;
        delegation.GrantedBy = access.Actor;
        audit.Record("vendor.renewed", access.Actor, access.InstitutionCode, new { vendor = await EmailOfAsync(delegation.VendorUserId, cancellationToken), from = before, to = delegation.EndsOn });
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>取り消す: at once; the vendor's next request finds nothing in force.</summary>
    public async Task<string?> RevokeAsync(InstitutionAccess access, long delegationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        var delegation = await db.Set<VendorDelegation>().FirstOrDefaultAsync(d => d.Id == delegationId && d.InstitutionCode == access.InstitutionCode, cancellationToken);
        if (delegation is null || delegation.RevokedAt is not null)
        {
            return "この委任はすでに取り消されています。";
        }

        delegation.RevokedAt = clock.GetUtcNow();
        delegation.RevokedBy = access.Actor;
        audit.Record("vendor.revoked", access.Actor, access.InstitutionCode, new { vendor = await EmailOfAsync(delegation.VendorUserId, cancellationToken), procedures = delegation.Procedures });
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>招待を取り消す: the mailed link stops working.</summary>
    public async Task<string?> RevokeInvitationAsync(InstitutionAccess access, long invitationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        var invitation = await db.Set<Invitation>().FirstOrDefaultAsync(i => i.Id == invitationId && i.InstitutionCode == access.InstitutionCode && i.VendorCompany != null, cancellationToken);
        if (invitation is null || !invitation.IsOpen(clock.GetUtcNow()))
        {
            return "この招待はすでに受け入れられたか、取り消されたか、有効期限が切れています。";
        }

        invitation.RevokedAt = clock.GetUtcNow();
        audit.Record("vendor.invitation-revoked", access.Actor, access.InstitutionCode, new { vendor = invitation.Email });
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    private Task<string?> EmailOfAsync(string userId, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
}
