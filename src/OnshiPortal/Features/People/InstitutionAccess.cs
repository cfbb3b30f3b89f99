using OnshiPortal.Features.Account;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Vendors;

namespace OnshiPortal.Features.People;

/// <summary>What an institution page asks of the person acting.</summary>
public enum InstitutionRight
{
    /// <summary>マイページ, a filing's page and its copy: every role, and a vendor for its procedures.</summary>
    Read,

    /// <summary>Filing, correcting and withdrawing a procedure: 管理者 and 担当者, and a vendor for its procedures.</summary>
    File,

    /// <summary>People and vendors (招待, 権限の変更, 利用停止, 削除, 委任): 管理者 only.</summary>
    ManagePeople,
}

/// <summary>
/// Who acts for which institution in this request, and as what: one of its people with their
/// <see cref="InstitutionRole"/>, or a vendor's person under a <see cref="VendorDelegation"/>. The rights are this
/// table and nowhere else; <see cref="InstitutionAccessFilter"/> applies it to every page that says what it needs.
/// </summary>
public sealed record InstitutionAccess(PortalUser Person, string InstitutionCode, InstitutionRole? Role, VendorDelegation? Delegation)
{
    /// <summary>
    /// A vendor's person. Issue 17: vendors never see the subsidy's bank account (補助金の振込口座): a delegated vendor
    /// sees the claim with its private entries hidden (<see cref="FilingService.FieldsFor"/>, its copy and its page)
    /// and cannot file or correct it, which would show or set the account (<see cref="FilableProcedures"/>).
    /// </summary>
    public bool IsVendor => Delegation is not null;

    /// <summary>The name the audit and a filing's history record: the person, not the institution.</summary>
    public string Actor => Person.Email ?? Person.Id;

    /// <summary>
    /// The person's name as others see it (an invitation says who sent it). The account of record's display name is
    /// the institution's, so its e-mail stands in for it.
    /// </summary>
    public string Name => Person.AccountOf is null && Person.DisplayName.Length > 0 ? Person.DisplayName : Actor;

    /// <summary>A vendor sees only the procedures delegated to it; the institution's people see all.</summary>
    public bool MaySee(FilingType procedure) => Delegation is null || Delegation.ProcedureSet.Contains(procedure);

    /// <summary>The procedures this person may file; every one for 管理者 and 担当者.</summary>
    public IReadOnlySet<FilingType> FilableProcedures => Role is InstitutionRole.Administrator or InstitutionRole.Clerk
        ? Enum.GetValues<FilingType>().ToHashSet()
        : Delegation?.ProcedureSet.Where(t => t != FilingType.SubsidyClaim).ToHashSet() ?? new HashSet<FilingType>();

    /// <summary>Whether the right holds; for <see cref="InstitutionRight.File"/>, of <paramref name="procedure"/> or of any procedure.</summary>
    public bool May(InstitutionRight right, FilingType? procedure = null) => right switch
    {
        InstitutionRight.Read => procedure is not { } seen || MaySee(seen),
        InstitutionRight.File => procedure is { } type ? FilableProcedures.Contains(type) : FilableProcedures.Count > 0,
        InstitutionRight.ManagePeople => Role is InstitutionRole.Administrator,
        _ => false,
    };
}
