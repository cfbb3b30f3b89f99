namespace OnshiPortal.Features.Institutions;

public enum InstitutionStatus
{
    Active = 0,

    /// <summary>廃止: absent from a full master import, or given a 廃止日.</summary>
    Closed = 1,

    /// <summary>承継済: its account moved to a successor code.</summary>
    Succeeded = 2,
}

/// <summary>医療機関等: one row of the master, keyed by its 医療機関等コード.</summary>
public sealed class Institution
{
    /// <summary>医療機関等コード (10 digits). A new code is a new institution; succession links the two.</summary>
    public required string Code { get; set; }

    /// <summary>都道府県番号, kept beside the code so that counts by prefecture are a plain index scan.</summary>
    public int Prefecture { get; set; }

    public InstitutionKind Kind { get; set; }

    public required string Name { get; set; }

    public string NameKana { get; set; } = string.Empty;

    /// <summary>開設者.</summary>
    public string Founder { get; set; } = string.Empty;

    /// <summary>管理者.</summary>
    public string Manager { get; set; } = string.Empty;

    /// <summary>Seven digits, no hyphen.</summary>
    public string PostalCode { get; set; } = string.Empty;

    public string Address { get; set; } = string.Empty;

    /// <summary>As printed, with hyphens.</summary>
    public string Phone { get; set; } = string.Empty;

    /// <summary>The phone number's digits alone, for the call centre's search.</summary>
    public string PhoneDigits { get; set; } = string.Empty;

    public DateOnly? OpenedOn { get; set; }

    /// <summary>廃止日.</summary>
    public DateOnly? ClosedOn { get; set; }

    public InstitutionStatus Status { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<InstitutionRevision> Revisions { get; } = [];

    public string PostalCodeDisplay => PostalCode.Length == 7 ? $"{PostalCode[..3]}-{PostalCode[3..]}" : PostalCode;
}
