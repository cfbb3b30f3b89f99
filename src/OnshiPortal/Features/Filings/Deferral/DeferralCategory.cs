namespace OnshiPortal.Features.Filings;

public enum DeferralFieldType
{
    Date = 0,
    Text = 1,

    /// <summary>Several lines (a textarea).</summary>
    LongText = 2,
}

public enum AttachmentRule
{
    None = 0,
    Optional = 1,
    Required = 2,
}

/// <summary>
/// One やむを得ない事情 of the deferral notice: what the institution must say, and until when it is deferred. Data,
/// not code: a change by the ministry is a change of appsettings.json.
/// </summary>
public sealed class DeferralCategory
{
    /// <summary>A stable id kept with each filing (e.g. "system").</summary>
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary>Who the category is for, shown under its name.</summary>
    public string Description { get; set; } = string.Empty;

    public List<DeferralField> Fields { get; set; } = [];

    public DeferralEndRule End { get; set; } = new();

    public AttachmentRule Attachments { get; set; }

    /// <summary>What to attach, e.g. 契約書・注文書の写し.</summary>
    public string AttachmentLabel { get; set; } = "添付書類";
}

public sealed class DeferralField
{
    /// <summary>Letters and digits; the form's field name.</summary>
    public string Id { get; set; } = string.Empty;

    public string Label { get; set; } = string.Empty;

    public string Hint { get; set; } = string.Empty;

    public DeferralFieldType Type { get; set; }

    public bool Required { get; set; } = true;

    public int MinLength { get; set; }

    public int MaxLength { get; set; } = 1000;

    /// <summary>For a date: the earliest allowed.</summary>
    public DateOnly? Earliest { get; set; }

    /// <summary>For a date: the latest allowed.</summary>
    public DateOnly? Latest { get; set; }
}

/// <summary>The end of the deferral: a fixed date, or a date field plus some months.</summary>
public sealed class DeferralEndRule
{
    public DateOnly? Fixed { get; set; }

    public string? Field { get; set; }

    public int AddMonths { get; set; }
}
