using OnshiPortal.Features.Filings;

namespace OnshiPortal.Features.Procedures;

/// <summary>What a procedure computed from a filing's entries (<see cref="Procedure.ComputeAsync"/>).</summary>
/// <param name="Lines">Shown on the check page after the entries, and kept with them on the filing, its copy and its review.</param>
/// <param name="Amount">Yen, for <see cref="Filing.Amount"/>.</param>
/// <param name="Refusal">Why the entries cannot be filed (no rule applies), in plain Japanese.</param>
/// <param name="RequiredDocuments">The documents (ids) the entries require; null: the form's configured flags.</param>
public sealed record ProcedureComputation(IReadOnlyList<FiledField> Lines, long? Amount, string? Refusal, IReadOnlySet<string>? RequiredDocuments)
{
    public static ProcedureComputation None { get; } = new([], null, null, null);
}
