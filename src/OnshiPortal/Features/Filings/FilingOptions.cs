namespace OnshiPortal.Features.Filings;

/// <summary>The "Filings" section of configuration.</summary>
public sealed class FilingOptions
{
    public const string Section = "Filings";

    /// <summary>The key of the filing deadline an operator sets, named in messages that depend on it.</summary>
    public const string DeadlineKey = "Filings:Deferral:Deadline";

    public DeferralOptions Deferral { get; set; } = new();

    public AttachmentOptions Attachments { get; set; } = new();

    /// <summary>A deferral category's name for lists and exports (its id when configuration no longer has it).</summary>
    public string CategoryName(string? id) => Deferral.Categories.FirstOrDefault(c => c.Id == id)?.Name ?? id ?? string.Empty;
}

public sealed class DeferralOptions
{
    /// <summary>
    /// The last day (Japan time) a deferral can be filed, and the deadline every letter prints: one setting, so the
    /// letter never promises a date the portal refuses. Without it the seed's 令和5年3月31日, except in a demo
    /// (<see cref="FilingDeadline"/>).
    /// </summary>
    public DateOnly Deadline { get; set; } = FilingDeadline.Seed;

    /// <summary>Days before <see cref="Deadline"/> that institutions with neither a 運用開始日 nor a deferral are reminded.</summary>
    public List<int> RemindDaysBefore { get; set; } = [30, 7, 1];

    /// <summary>やむを得ない事情: the categories, their fields and end rules, as the ministry sets them (appsettings.json).</summary>
    public List<DeferralCategory> Categories { get; set; } = [];
}

public sealed class AttachmentOptions
{
    /// <summary>
    /// Where earlier versions kept the documents on disk (relative to the working folder, as data/onshi.db is). Read
    /// only by <c>onshi db migrate</c>, which moves them into the database (<see cref="FilingAttachmentImport"/>).
    /// </summary>
    public string Folder { get; set; } = "data/attachments";

    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    public int MaxCount { get; set; } = 5;

    /// <summary>
    /// What one account may have in staging at once (uploads of check pages not yet confirmed): one full filing's
    /// worth. A new check replaces the account's earlier staging, so a loop of check posts cannot pile files up.
    /// </summary>
    public long MaxStagedBytesPerAccount { get; set; } = 50 * 1024 * 1024;

    /// <summary>What one account may upload in an hour (on each node), however often it replaces its staging.</summary>
    public long MaxUploadBytesPerAccountPerHour { get; set; } = 150 * 1024 * 1024;
}
