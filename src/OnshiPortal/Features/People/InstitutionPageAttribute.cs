using OnshiPortal.Features.Filings;

namespace OnshiPortal.Features.People;

/// <summary>
/// Marks a page (or one of its handlers, which then decides for itself) as acting for an institution, with the right
/// it needs (<see cref="InstitutionAccess.May"/>). A handler's attribute overrides its page's.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
public sealed class InstitutionPageAttribute : Attribute
{
    public InstitutionPageAttribute(InstitutionRight right) => Right = right;

    /// <summary>Filing the given procedure.</summary>
    public InstitutionPageAttribute(FilingType procedure)
    {
        Right = InstitutionRight.File;
        Procedure = procedure;
    }

    public InstitutionRight Right { get; }

    public FilingType? Procedure { get; }

    /// <summary>Operators of 支払基金 may open it too (with no institution of their own): a filing's page, its copy.</summary>
    public bool Operators { get; init; }
}
