namespace OnshiPortal.Features.Filings;

/// <summary>
/// A filing made under the code the account had before an accepted succession moved it. It can no longer be corrected
/// (it is the old institution's), so a returned one must not invite a re-submission it cannot have: this says why
/// and what to do instead, on マイページ and on the filing's own page.
/// </summary>
public static class OldCodeFiling
{
    public static bool Applies(Filing filing, string? currentCode) =>
        currentCode is not null && filing.InstitutionCode != currentCode;

    /// <summary>Where the filing of the same type starts for the account's current code.</summary>
    public static string NewFilingUrl(Filing filing) => Procedures.ProcedureCatalog.Of(filing.Type).FormPath;
}
