namespace OnshiPortal.Features.Institutions;

/// <summary>
/// One institution as the master file (CSV) carries it: already validated and normalised (NFKC, trimmed,
/// kana in full-width katakana, postal code as 7 digits, phone with hyphens).
/// <see cref="PredecessorCode"/> is the 承継元 code when the master records that this code continues an older one.
/// </summary>
public sealed record InstitutionRecord(
    InstitutionCode Code,
    string Name,
    string NameKana,
    string Founder,
    string Manager,
    string PostalCode,
    string Address,
    string Phone,
    DateOnly? OpenedOn,
    DateOnly? ClosedOn,
    string? PredecessorCode = null);
