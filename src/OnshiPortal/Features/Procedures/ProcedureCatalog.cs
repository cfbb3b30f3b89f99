using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Filings.Deferral;
using OnshiPortal.Features.Filings.Succession;
using OnshiPortal.Features.Procedures.CardReaders;
using OnshiPortal.Features.Procedures.Certificates;
using OnshiPortal.Features.Procedures.OperationStarts;
using OnshiPortal.Features.Procedures.ServiceApplications;
using OnshiPortal.Features.Subsidy.Claims;

namespace OnshiPortal.Features.Procedures;

/// <summary>Every procedure, in the order of the road to 運用開始 (then the notices any institution may need).</summary>
public static class ProcedureCatalog
{
    public static IReadOnlyList<Procedure> All { get; } =
    [
        new ServiceApplication(),
        new CardReaderOrder(),
        new CertificateRequest(),
        new OperationStart(),
        new SubsidyClaim(),
        new DeferralProcedure(),
        new SuccessionProcedure(),
    ];

    private static readonly Dictionary<FilingType, Procedure> ByType = All.ToDictionary(p => p.Type);

    public static Procedure Of(FilingType type) => ByType.TryGetValue(type, out var procedure)
        ? procedure
        : throw new ArgumentOutOfRangeException(nameof(type), type, "No procedure describes this filing type.");

    public static Procedure? FromSlug(string? slug) => All.FirstOrDefault(p => p.Slug == slug);

    public static Procedure? FromPrefix(string? prefix) => All.FirstOrDefault(p => p.Prefix == prefix);
}
