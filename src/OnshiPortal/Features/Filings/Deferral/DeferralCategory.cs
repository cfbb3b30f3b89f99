using OnshiPortal.Features.Procedures;

namespace OnshiPortal.Features.Filings;

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

    public List<ProcedureField> Fields { get; set; } = [];

    public DeferralEndRule End { get; set; } = new();

    public AttachmentRule Attachments { get; set; }

    /// <summary>What to attach, e.g. 契約書・注文書の写し.</summary>
    public string AttachmentLabel { get; set; } = "添付書類";
}

/// <summary>The end of the deferral: a fixed date, or a date field plus some months.</summary>
public sealed class DeferralEndRule
{
    public DateOnly? Fixed { get; set; }

    public string? Field { get; set; }

    public int AddMonths { get; set; }
}
