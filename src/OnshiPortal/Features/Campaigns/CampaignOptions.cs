namespace OnshiPortal.Features.Campaigns;

/// <summary>The <c>Campaigns</c> section of the configuration.</summary>
public sealed class CampaignOptions
{
    public const string Section = "Campaigns";

    /// <summary>
    /// Where a node renders a print file of a back-office export before it goes into the database (each file is
    /// deleted once stored); relative to the current folder. Needs room for one file per core (about 10 MB each).
    /// </summary>
    public string StagingDirectory { get; set; } = "data/staging/campaigns";

    /// <summary>Letters issued per transaction: a crash loses at most this much work, and a rerun redoes it.</summary>
    public int IssueBatchSize { get; set; } = 1000;

    /// <summary>Letters per PDF file: what a print shop's job takes comfortably.</summary>
    public int LettersPerFile { get; set; } = 1000;

    /// <summary>
    /// How long a node holds a campaign job without renewing it (it renews every second while it works). When a node
    /// dies, another takes its job over after this long.
    /// </summary>
    public double JobLeaseSeconds { get; set; } = 30;

    /// <summary>How often an idle node looks for a campaign job to run.</summary>
    public double JobPollSeconds { get; set; } = 2;

    /// <summary>
    /// Whether this node runs campaign jobs. Every node may (the database hands a job to one at a time); a node kept
    /// for pages alone, or the nodes of an older version during a rolling upgrade, can leave them to the others.
    /// </summary>
    public bool RunsJobs { get; set; } = true;

    /// <summary>Times a job is taken over before it is given up (a job that stops every node that runs it).</summary>
    public int JobMaxAttempts { get; set; } = 3;

    /// <summary><c>Campaigns:FollowUp</c>: when the scheduler proposes the next 再送 of a mailing.</summary>
    public CampaignFollowUpOptions FollowUp { get; set; } = new();
}

/// <summary><c>Campaigns:FollowUp</c>.</summary>
public sealed class CampaignFollowUpOptions
{
    /// <summary>Days after a campaign's 発送日 when the follow-up job proposes a 再送 to those still without an account.</summary>
    public int AfterDays { get; set; } = 30;

    /// <summary>The proposed draft's 発送日: this many days after its 基準日 (the day it is proposed), time to approve and print.</summary>
    public int LetterAfterDays { get; set; } = 7;
}
