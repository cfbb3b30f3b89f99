using OnshiPortal.Features.Campaigns.Letters;

namespace OnshiPortal.Features.Campaigns;

/// <summary>Who a campaign writes to; the kind also decides which of the seed's two letters it prints.</summary>
public enum CampaignKind
{
    /// <summary>別添1: every active institution with no account as of the cutoff.</summary>
    Unregistered = 1,

    /// <summary>別添1 again: those an earlier campaign mailed that still have no account at the cutoff.</summary>
    Resend = 2,

    /// <summary>別添2: institutions opened after a date with no account, and those whose predecessor code had one.</summary>
    NewOrSuccession = 3,
}

public enum CampaignState
{
    /// <summary>Targets chosen and counted; nothing issued, the operator can look before committing.</summary>
    Draft = 0,

    /// <summary>Every target has its letter (and, for 別添1, its temporary credential).</summary>
    Issued = 1,

    /// <summary>The print files were written at least once.</summary>
    Exported = 2,
}

/// <summary>ダイレクトメールの発送: one mailing of letters to the institutions a query chose as of a cutoff date.</summary>
public sealed class Campaign
{
    public long Id { get; set; }

    public CampaignKind Kind { get; set; }

    public required string Name { get; set; }

    /// <summary>基準日: targets are chosen by the master and the accounts as they stood at the end of this day (JST).</summary>
    public DateOnly CutoffDate { get; set; }

    /// <summary>発送日: the date printed on the letters.</summary>
    public DateOnly LetterDate { get; set; }

    /// <summary>The filing deadline the letter prints (the seed: 令和5年3月31日).</summary>
    public DateOnly Deadline { get; set; }

    /// <summary>The letter's sentence on when the duty starts (施行); the seed's is 「…令和5年4月1日より施行されます。」.</summary>
    public required string EnforcementSentence { get; set; }

    /// <summary>The letter's sentence on the transitional measure (経過措置); the seed's names 「令和4年度末時点」.</summary>
    public required string TransitionSentence { get; set; }

    /// <summary>Both sentences, as the letters print them.</summary>
    public LetterSentences Sentences => new(EnforcementSentence, TransitionSentence);

    /// <summary>For <see cref="CampaignKind.Resend"/>: the campaign whose letters are sent again.</summary>
    public long? AfterCampaignId { get; set; }

    /// <summary>For <see cref="CampaignKind.NewOrSuccession"/>: institutions opened after this date count as new.</summary>
    public DateOnly? OpenedAfter { get; set; }

    public CampaignState State { get; set; }

    /// <summary>How many targets the query chose at creation (letters, issued or skipped).</summary>
    public int TargetCount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTimeOffset? IssuedAt { get; set; }

    public DateTimeOffset? ExportedAt { get; set; }

    /// <summary>
    /// When the follow-up job (<see cref="FollowUps.CampaignFollowUps"/>) took this campaign up: it proposed the next
    /// 再送 as a draft, or found nobody left to write to. Set once, in the transaction that makes the draft, so that no
    /// rerun, second node or later day proposes again, not even after the operator deleted the draft.
    /// </summary>
    public DateTimeOffset? FollowUpConsideredAt { get; set; }
}
