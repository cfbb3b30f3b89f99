using OnshiPortal.Features.Dashboard;

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

    /// <summary>
    /// Name and kana reading in one normalised text (NFKC, katakana), so that a partial name or reading is one
    /// substring test: the call centre types either, in hiragana or katakana, full- or half-width.
    /// </summary>
    public string SearchText { get; set; } = string.Empty;

    /// <summary>
    /// 病床数 from the master (optional column): 20 or more makes a 医科 institution a 病院 (医療法), which the card
    /// reader limit and the subsidy's rules tell apart from a 診療所. Null when the master does not say.
    /// </summary>
    public int? Beds { get; set; }

    public DateOnly? OpenedOn { get; set; }

    /// <summary>廃止日.</summary>
    public DateOnly? ClosedOn { get; set; }

    /// <summary>
    /// 承継元: the code this one continues, when the master says so (医療法人化, 親から子, 移転...). A new code whose
    /// predecessor had an account gets the succession letter (別添2) rather than a new registration.
    /// </summary>
    public string? PredecessorCode { get; set; }

    public InstitutionStatus Status { get; set; }

    /// <summary>承継先: the code the account moved to when a succession was accepted (Status is then Succeeded).</summary>
    public string? SuccessorCode { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// 利用申請 受理: the Japanese day its first 利用申請 was accepted; null until then. Kept on the master row (by
    /// <see cref="Procedures.Road.RoadMilestones"/>, in the transaction that accepts or carries the filing) so that
    /// the dashboard counts the road by a GROUP BY over the master's index, as it counts active institutions.
    /// </summary>
    public DateOnly? ServiceAppliedOn { get; set; }

    /// <summary>
    /// 運用開始: the 運用開始日 of its latest accepted registration (a later one corrects the date); null until one is
    /// accepted. What the subsidy and the dashboard count as 運用開始. Kept as <see cref="ServiceAppliedOn"/> is.
    /// </summary>
    public DateOnly? OperationStartedOn { get; set; }

    // The institution's own way to its account, each step the first time it was reached, kept on the master row by
    // the flow that reaches it (Campaigns.LetterProgress, Dashboard.InstitutionSteps) in its transaction: the
    // dashboard's rates, series and letters' funnel are then read from the master's indexes alone, not by distinct
    // counts of the credentials, the audit trail, the activation requests and the accounts (docs/benchmarks.md).

    /// <summary>仮ID発行: when its first temporary credential was issued.</summary>
    public DateTimeOffset? FirstCredentialIssuedAt { get; set; }

    /// <summary>仮IDで初回ログイン: the first successful login with one of its temporary credentials.</summary>
    public DateTimeOffset? FirstTemporaryLoginAt { get; set; }

    /// <summary>本登録の申請: the first time アカウント情報編集 was confirmed and the link mailed.</summary>
    public DateTimeOffset? ActivationRequestedAt { get; set; }

    /// <summary>登録完了: the first of its temporary credentials spent by a completed activation.</summary>
    public DateTimeOffset? ActivatedAt { get; set; }

    /// <summary>
    /// The Japanese day its account of record (the portal account whose <c>AccountOf</c> is this code) was made; null
    /// while it has none. It counts for the registration rate while the institution is active.
    /// </summary>
    public DateOnly? AccountCreatedOn { get; set; }

    /// <summary>
    /// Which of the steps above and the road's milestones are reached, one bit each (<see cref="DashboardStep"/>): a
    /// column the database computes from them, so that the dashboard's one GROUP BY has a single small key to count
    /// by instead of six columns to test on every one of 250,000 rows.
    /// </summary>
    public DashboardStep DashboardSteps { get; private set; }

    /// <summary>
    /// When, and by which import, the institution entered the master: the first entry of its history, kept on the
    /// row itself rather than as 250,000 revision rows on the first load of the national master.
    /// </summary>
    public DateTimeOffset CreatedAt { get; set; }

    public long? CreatedByImportRunId { get; set; }

    /// <summary>
    /// The fingerprint of the fields the import compares, as the import last wrote them
    /// (<see cref="Import.InstitutionRowHash"/>): a re-import whose row has the same fingerprint skips it unread.
    /// Null when anything else wrote those fields (a succession's 承継元): the next import then compares the row field
    /// by field, and writes the fingerprint again.
    /// </summary>
    public long? ImportRowHash { get; set; }

    public List<InstitutionRevision> Revisions { get; } = [];

    public string PostalCodeDisplay => DisplayPostalCode(PostalCode);

    /// <summary>A stored postal code as people write it (123-4567); anything not of seven digits as it is.</summary>
    public static string DisplayPostalCode(string postalCode) => postalCode.Length == 7 ? $"{postalCode[..3]}-{postalCode[3..]}" : postalCode;
}
