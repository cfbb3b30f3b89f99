using OnshiPortal.Features.Institutions;

namespace OnshiPortal.Features.Campaigns;

public enum CampaignLetterState
{
    /// <summary>Chosen by the campaign's query; not issued yet.</summary>
    Pending = 0,

    /// <summary>Ready to print: for 別添1 its credential was stored in the same transaction.</summary>
    Issued = 1,

    /// <summary>Not sent after all: between the cutoff and the issue the institution got an account or closed.</summary>
    Skipped = 2,
}

/// <summary>Why an institution is a target: what the call centre tells a caller who asks why they got a letter.</summary>
public enum TargetReason
{
    /// <summary>No account as of the cutoff.</summary>
    Unregistered = 1,

    /// <summary>Mailed by the earlier campaign, still no account.</summary>
    Resend = 2,

    /// <summary>Opened after the campaign's date, no account.</summary>
    NewInstitution = 3,

    /// <summary>Its predecessor code had an account: it should file a succession (承継届出).</summary>
    Succession = 4,
}

/// <summary>
/// One letter of a campaign to one institution. The row is made when the campaign is created (the targets, frozen),
/// and filled in when it is issued; a target has one letter per campaign (unique), so issuing twice cannot mail twice.
/// </summary>
public sealed class CampaignLetter
{
    public long Id { get; set; }

    public long CampaignId { get; set; }

    public required string InstitutionCode { get; set; }

    public TargetReason Reason { get; set; }

    public CampaignLetterState State { get; set; }

    // Kept from the master at creation, for the counts by prefecture and kind and the print order.
    public int Prefecture { get; set; }

    public InstitutionKind Kind { get; set; }

    public string PostalCode { get; set; } = string.Empty;

    /// <summary>仮ID of the credential issued with this letter (別添1).</summary>
    public string? LoginId { get; set; }

    /// <summary>
    /// The temporary password, sealed (AES-GCM) under a key derived from the credential key, which is not in the
    /// database: the print file can be made, and made again, without the database ever holding it in clear.
    /// </summary>
    public byte[]? SealedPassword { get; set; }

    public string? SealKeyId { get; set; }

    public DateTimeOffset? IssuedAt { get; set; }

    /// <summary>Why the letter was <see cref="CampaignLetterState.Skipped"/>, in Japanese.</summary>
    public string? SkipReason { get; set; }

    // How far the letter's institution has got, each the first time it reached the step (LetterProgress): the
    // campaign's funnel is then one index range per campaign, however many letters, with no probe into the audit
    // trail, the activations or the accounts.

    /// <summary>仮IDで初回ログイン: a temporary login of the institution succeeded.</summary>
    public DateTimeOffset? FirstLoginAt { get; set; }

    /// <summary>本登録の申請: アカウント情報編集 was confirmed and the link mailed.</summary>
    public DateTimeOffset? ActivationRequestedAt { get; set; }

    /// <summary>登録完了: a temporary credential of the institution was spent by a completed activation.</summary>
    public DateTimeOffset? ActivatedAt { get; set; }

    /// <summary>アカウント登録済み: the institution got an account, by whichever way (activation, self-registration, succession).</summary>
    public DateTimeOffset? RegisteredAt { get; set; }

    /// <summary>
    /// 反応日: the Japanese day of the campaign's answering step (<see cref="RegisteredAt"/> for a 別添2 letter,
    /// <see cref="ActivatedAt"/> for the others), kept with the steps so that the response curves are read from the
    /// funnel index in its order: grouping every letter by a day computed from its instant sorted 245,000 rows.
    /// </summary>
    public DateOnly? RespondedOn { get; set; }

    /// <summary>Which of the four steps above are set, one bit each, kept with them by <see cref="LetterProgress"/>.</summary>
    public LetterStep FunnelSteps { get; set; }

    /// <summary>Optimistic concurrency: two issuers racing on one batch cannot both fill a letter in.</summary>
    public int Version { get; set; }
}
