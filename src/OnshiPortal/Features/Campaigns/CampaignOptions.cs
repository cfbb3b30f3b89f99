namespace OnshiPortal.Features.Campaigns;

/// <summary>The <c>Campaigns</c> section of the configuration.</summary>
public sealed class CampaignOptions
{
    public const string Section = "Campaigns";

    /// <summary>Where the back office keeps the print files it exports, per campaign; relative to the current folder.</summary>
    public string StorageDirectory { get; set; } = "data/campaigns";

    /// <summary>Letters issued per transaction: a crash loses at most this much work, and a rerun redoes it.</summary>
    public int IssueBatchSize { get; set; } = 1000;

    /// <summary>Letters per PDF file: what a print shop's job takes comfortably.</summary>
    public int LettersPerFile { get; set; } = 1000;
}
