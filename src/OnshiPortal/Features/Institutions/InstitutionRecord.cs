namespace OnshiPortal.Features.Institutions;

/// <summary>
/// One institution as the master file (CSV) carries it: already validated and normalised (NFKC, trimmed,
/// kana in full-width katakana, postal code as 7 digits, phone with hyphens).
/// <see cref="PredecessorCode"/> is the 承継元 code when the master records that this code continues an older one.
/// <see cref="Beds"/> is the 病床数 (20 or more makes a 医科 institution a 病院, <see cref="InstitutionClasses"/>);
/// <see cref="HasBeds"/> says whether the source gave it at all: a file without the optional 病床数 column leaves the
/// beds the master has as they are, while an empty cell in the column clears them.
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
    string? PredecessorCode = null,
    int? Beds = null,
    bool HasBeds = true);
