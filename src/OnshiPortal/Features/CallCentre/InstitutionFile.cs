using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Registration;
using OnshiPortal.Features.Vendors;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.CallCentre;

/// <summary>One temporary credential as the operator sees it: never its password or hash.</summary>
public sealed record CredentialRow(long Id, string LoginId, int Sequence, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, string IssuedBy, DateTimeOffset? UsedAt, DateTimeOffset? RevokedAt)
{
    public string State(DateTimeOffset now) =>
        UsedAt is not null ? "使用済み（アカウント登録に使用）"
        : RevokedAt is not null ? "無効（再発行済み）"
        : ExpiresAt <= now ? "有効期限切れ"
        : "有効";
}

public sealed record LetterRow(long CampaignId, string CampaignName, CampaignKind Kind, DateOnly LetterDate, TargetReason Reason, CampaignLetterState State, string? LoginId, string? SkipReason);

public sealed record FilingRow(FilingType Type, string ReceiptNumber, FilingState State, DateTimeOffset SubmittedAt, string? SuccessorCode);

/// <summary>The institution's account, without anything secret.</summary>
public sealed record AccountRow(string Email, bool EmailConfirmed, string ContactPerson, string? Phone, DateTimeOffset CreatedAt, DateTimeOffset? LockoutEnd, int AccessFailedCount);

/// <summary>One of the institution's named people as the operator sees them (no password, no second factor).</summary>
public sealed record PersonRow(
    string Id, string DisplayName, string Email, InstitutionRole? Role, PersonState State, DateTimeOffset? LastLoginAt, DateTimeOffset CreatedAt, bool AccountOfRecord);

/// <summary>A delegation to a vendor's person: who, which procedures, until when.</summary>
public sealed record DelegationRow(string VendorEmail, string VendorName, string Company, IReadOnlySet<FilingType> Procedures, DateOnly EndsOn, DelegationState State);

/// <summary>Everything the call centre needs on the phone about one institution, read in one go.</summary>
public sealed record InstitutionFile(
    Institution Institution,
    AccountState State,
    AccountRow? Account,
    ActivationRequest? PendingActivation,
    SelfRegistration? Registration,
    IReadOnlyList<CredentialRow> Credentials,
    IReadOnlyList<LetterRow> Letters,
    IReadOnlyList<FilingRow> Filings,
    IReadOnlyList<AuditEntry> Audit,
    IReadOnlyList<PersonRow> People,
    IReadOnlyList<DelegationRow> Delegations)
{
    /// <summary>Whether a 管理者 can act for the institution now: if not, the call centre restores one.</summary>
    public bool HasActiveAdministrator => People.Any(p => p is { Role: InstitutionRole.Administrator, State: PersonState.Active });

    /// <summary>The people the call centre may make 管理者 (or reactivate as one): anyone not removed.</summary>
    public IEnumerable<PersonRow> Restorable => People.Where(p => p.State != PersonState.Removed);

    /// <summary>Audit rows shown; older ones stay in the database.</summary>
    public const int AuditLimit = 100;

    /// <summary>A self-registration not proven yet (by the letter, or by an operator's call-back): 確認待ち.</summary>
    public bool RegistrationUnconfirmed => Registration is { IsPending: true };

    /// <summary>Whether the action applies to the institution as it stands (the page offers only those).</summary>
    public string? WhyNot(CallCentreAction action) => action switch
    {
        CallCentreAction.Reissue when Institution.Status != InstitutionStatus.Active => "廃止・承継済みの医療機関等には発行できません。",
        CallCentreAction.Reissue when Account is not null && !RegistrationUnconfirmed => "アカウントが登録済みのため、仮IDは発行できません（パスワード再設定メールをご案内ください）。",
        CallCentreAction.Unlock when Account is null => "アカウントが登録されていません。",
        CallCentreAction.Unlock when State != AccountState.Locked => "アカウントはロックされていません。",
        CallCentreAction.PasswordReset or CallCentreAction.ChangeEmail or CallCentreAction.EndSessions when Account is null => "アカウントが登録されていません。",
        CallCentreAction.PasswordReset when !Account!.EmailConfirmed => "メールアドレスが確認されていないアカウントです。",
        CallCentreAction.ConfirmRegistration or CallCentreAction.RefuseRegistration when !RegistrationUnconfirmed => "確認待ちの自己登録はありません。",
        CallCentreAction.RestoreAdministrator when HasActiveAdministrator => "利用中の管理者がいます（管理者の交代は医療機関等の管理者が行います）。",
        CallCentreAction.RestoreAdministrator when !Restorable.Any() => "この医療機関等に登録された職員がいません。",
        _ => null,
    };

    public static async Task<InstitutionFile?> LoadAsync(PortalDbContext db, string code, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var institution = await db.Institutions.AsNoTracking().FirstOrDefaultAsync(i => i.Code == code, cancellationToken);
        if (institution is null)
        {
            return null;
        }

        var account = await db.Set<PortalUser>().AsNoTracking()
            .Where(u => u.AccountOf == code)
            .Select(u => new AccountRow(u.Email!, u.EmailConfirmed, u.ContactPerson, u.PhoneNumber, u.CreatedAt, u.LockoutEnd, u.AccessFailedCount))
            .FirstOrDefaultAsync(cancellationToken);
        var credentials = await db.Set<TemporaryCredential>().AsNoTracking()
            .Where(c => c.InstitutionCode == code)
            .OrderByDescending(c => c.Sequence)
            .Select(c => new CredentialRow(c.Id, c.LoginId, c.Sequence, c.IssuedAt, c.ExpiresAt, c.IssuedBy, c.UsedAt, c.RevokedAt))
            .ToListAsync(cancellationToken);
        var pending = await db.Set<ActivationRequest>().AsNoTracking()
            .Where(r => r.InstitutionCode == code && r.CompletedAt == null)
            .OrderByDescending(r => r.Id)
            .FirstOrDefaultAsync(cancellationToken);
        var registration = await db.Set<SelfRegistration>().AsNoTracking()
            .Where(r => r.InstitutionCode == code)
            .OrderByDescending(r => r.Id)
            .FirstOrDefaultAsync(cancellationToken);
        var letters = await db.Set<CampaignLetter>().AsNoTracking()
            .Where(l => l.InstitutionCode == code)
            .Join(db.Set<Campaign>(), l => l.CampaignId, c => c.Id, (l, c) => new LetterRow(c.Id, c.Name, c.Kind, c.LetterDate, l.Reason, l.State, l.LoginId, l.SkipReason))
            .ToListAsync(cancellationToken);
        var filings = await db.Set<Filing>().AsNoTracking()
            .Where(f => f.InstitutionCode == code || f.SuccessorCode == code)
            .Select(f => new FilingRow(f.Type, f.ReceiptNumber, f.State, f.SubmittedAt, f.SuccessorCode))
            .ToListAsync(cancellationToken);
        var audit = await db.Set<AuditEntry>().AsNoTracking()
            .Where(a => a.InstitutionCode == code)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Take(AuditLimit)
            .ToListAsync(cancellationToken);

        var people = await db.Set<PortalUser>().AsNoTracking().PeopleOf(code)
            .OrderBy(u => u.InstitutionRole).ThenBy(u => u.CreatedAt)
            .Select(u => new PersonRow(u.Id, u.DisplayName, u.Email!, u.InstitutionRole, u.State, u.LastLoginAt, u.CreatedAt, u.AccountOf == code))
            .ToListAsync(cancellationToken);
        var delegations = await db.Set<VendorDelegation>().AsNoTracking()
            .Where(d => d.InstitutionCode == code)
            .Join(db.Set<PortalUser>(), d => d.VendorUserId, u => u.Id, (d, u) => new { Delegation = d, u.Email, u.DisplayName, u.VendorCompany })
            .ToListAsync(cancellationToken);

        // A pending activation counts only while its credential still works: a reissue or the expiry ends it.
        var working = credentials.FirstOrDefault(c => c.UsedAt is null && c.RevokedAt is null && c.ExpiresAt > now);
        var activating = pending is not null && pending.ExpiresAt > now && pending.CredentialId == working?.Id ? pending : null;
        var state = institution.Status == InstitutionStatus.Succeeded ? AccountState.Succeeded
            : account is { LockoutEnd: { } end } && end > now ? AccountState.Locked
            : account is not null && registration is { IsPending: true } ? AccountState.RegistrationPending
            : account is not null ? AccountState.Activated
            : activating is not null ? AccountState.ActivationPending
            : working is not null ? AccountState.TemporaryIssued
            : AccountState.None;

        return new InstitutionFile(
            institution,
            state,
            account,
            activating,
            registration,
            credentials,
            [.. letters.OrderByDescending(l => l.LetterDate).ThenByDescending(l => l.CampaignId)],
            [.. filings.OrderByDescending(f => f.SubmittedAt)],
            audit,
            people,
            [.. delegations.OrderByDescending(d => d.Delegation.GrantedAt).Select(d => new DelegationRow(
                d.Email ?? string.Empty, d.DisplayName, d.VendorCompany ?? string.Empty, d.Delegation.ProcedureSet, d.Delegation.EndsOn, DelegationStates.Of(d.Delegation, now)))]);
    }
}
