using OnshiPortal.Features.Institutions;

namespace OnshiPortal.Features.Filings;

/// <summary>
/// 手続き: the procedures an institution files through the portal and 支払基金 reviews. Each is described once, in its
/// own folder, by a <see cref="Procedures.Procedure"/> (names, receipt letter, rules, what 受理 does); the catalogue is
/// <see cref="Procedures.ProcedureCatalog"/>.
/// </summary>
public enum FilingType
{
    /// <summary>承継届出 (S-).</summary>
    Succession = 1,

    /// <summary>経過措置届出 (D-).</summary>
    Deferral = 2,

    /// <summary>オンライン資格確認 利用申請 (A-).</summary>
    ServiceApplication = 3,

    /// <summary>顔認証付きカードリーダー申込 (R-).</summary>
    CardReaderOrder = 4,

    /// <summary>電子証明書発行申請 (C-), one terminal each.</summary>
    CertificateRequest = 5,

    /// <summary>運用開始日の登録 (O-).</summary>
    OperationStart = 6,

    /// <summary>補助金の交付申請（実績報告） (H-).</summary>
    SubsidyClaim = 7,
}

public enum FilingState
{
    /// <summary>受付: filed (or filed again after a return), waiting for the operator.</summary>
    Submitted = 0,

    /// <summary>受理: accepted by the operator.</summary>
    Accepted = 1,

    /// <summary>差戻し: returned with a reason; the institution corrects it and files it again.</summary>
    Returned = 2,

    /// <summary>取下げ: withdrawn by the institution before review.</summary>
    Withdrawn = 3,

    /// <summary>発送済: after 受理, the thing ordered left 支払基金 (a card reader), with its tracking number.</summary>
    Shipped = 4,

    /// <summary>到着確認: the institution confirmed what was shipped arrived.</summary>
    Delivered = 5,

    /// <summary>発行済: after 受理, what was requested was issued (a certificate; its notice goes by post).</summary>
    Issued = 6,

    /// <summary>不交付: the operator decided the subsidy is not granted, with the reason; final.</summary>
    Refused = 7,
}

/// <summary>
/// 届出: one notice an institution filed, with its receipt number (受付番号) and state. A returned filing that is
/// corrected stays the same filing with the same number; its history says what happened.
/// </summary>
public sealed class Filing
{
    public long Id { get; set; }

    public FilingType Type { get; set; }

    /// <summary>受付番号, e.g. S-2023-000123: the type's letter, the year filed (Japan time), a counter per type and year.</summary>
    public required string ReceiptNumber { get; set; }

    public FilingState State { get; set; }

    /// <summary>The institution it was filed for (the old code, for a succession).</summary>
    public required string InstitutionCode { get; set; }

    /// <summary>Copied from the code and the master when filed, so that the operator's queue filters without a join.</summary>
    public int Prefecture { get; set; }

    public InstitutionKind Kind { get; set; }

    public string InstitutionName { get; set; } = string.Empty;

    /// <summary>The account that filed it; it keeps seeing the filing after a succession moved it to a new code.</summary>
    public required string FiledByUserId { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The form's entries as JSON (the type's own record), for a correction and for the acceptance.</summary>
    public string Entries { get; set; } = string.Empty;

    /// <summary>The entries as the institution saw them on the check page: JSON list of label and value, in order.</summary>
    public string Fields { get; set; } = string.Empty;

    /// <summary>承継: the new 医療機関等コード.</summary>
    public string? SuccessorCode { get; set; }

    /// <summary>経過措置: the category's id in configuration.</summary>
    public string? DeferralCategory { get; set; }

    /// <summary>経過措置: the end of the deferral the category grants for these entries.</summary>
    public DateOnly? DeferralEndsOn { get; set; }

    /// <summary>
    /// How many the filing is for, where the procedure counts something: card readers ordered, terminals planned
    /// (利用申請), the terminal's number (電子証明書). A column, not only in <see cref="Entries"/>, so the rules that sum
    /// or compare it run in the database.
    /// </summary>
    public int? Quantity { get; set; }

    /// <summary>The date the procedure puts in force: 運用開始日 (what the dashboard and the subsidy count).</summary>
    public DateOnly? EffectiveOn { get; set; }

    /// <summary>
    /// Yen, where the procedure computes an amount: the subsidy claimed (補助金の額), as computed from the rules when
    /// filed and as the reviewer set it (each change a line in the history, before and after).
    /// </summary>
    public long? Amount { get; set; }

    /// <summary>
    /// "code:type" while the filing is open (受付 or 差戻し), null once decided or withdrawn: a unique index on it
    /// lets the database, not a check-then-insert, keep one open filing of a type per institution.
    /// </summary>
    public string? OpenKey { get; set; }

    public List<FilingEvent> Events { get; } = [];

    public List<FilingAttachment> Attachments { get; } = [];

    public static string OpenKeyFor(string institutionCode, FilingType type) => $"{institutionCode}:{(int)type}";
}

/// <summary>One change of a filing's state: who, when, why. The filing's history is these, oldest first.</summary>
public sealed class FilingEvent
{
    public long Id { get; set; }

    public long FilingId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The login that acted (the institution's e-mail, or the operator's).</summary>
    public string Actor { get; set; } = string.Empty;

    public bool ByOperator { get; set; }

    public FilingState? From { get; set; }

    public FilingState To { get; set; }

    /// <summary>The operator's reason for a return, or a note.</summary>
    public string Reason { get; set; } = string.Empty;

    /// <summary>
    /// The check page's one-time key of the submission that made this event (unique): the same form posted twice
    /// (two tabs, a double click) finds the first filing instead of making a second.
    /// </summary>
    public Guid? IdempotencyKey { get; set; }

    /// <summary>
    /// A 差戻し's documents the operator marked as wrong (<see cref="FilingAttachment.Document"/> ids, comma-separated;
    /// <see cref="Procedures.ProcedureDocuments.Parse"/>): the institution is told which to replace, and must.
    /// </summary>
    public string Documents { get; set; } = string.Empty;

    /// <summary>A reviewer's change of <see cref="Filing.Amount"/> (the subsidy granted): the amount before it.</summary>
    public long? AmountBefore { get; set; }

    /// <summary>The amount after the reviewer's change; null for an event that changed no amount.</summary>
    public long? AmountAfter { get; set; }
}

/// <summary>A document attached to a filing; the bytes are a stored file in the database (<see cref="FileId"/>).</summary>
public sealed class FilingAttachment
{
    public long Id { get; set; }

    public long FilingId { get; set; }

    /// <summary>
    /// The named document of the procedure's form it belongs to (<see cref="Procedures.ProcedureDocument.Id"/>: 領収書（写）
    /// ...); empty for the unnamed documents of the deferral form and of earlier versions.
    /// </summary>
    public string Document { get; set; } = string.Empty;

    /// <summary>The name the institution's file had (shown, never used as a path).</summary>
    public string FileName { get; set; } = string.Empty;

    /// <summary>Detected from the content: application/pdf, image/jpeg or image/png.</summary>
    public string ContentType { get; set; } = string.Empty;

    public long Length { get; set; }

    /// <summary>
    /// The file's random name in the attachments folder of earlier versions; for new attachments the stored file's id
    /// in hex (kept filled so that a node still on the previous build during a rolling upgrade reads a valid row).
    /// </summary>
    public string StoredName { get; set; } = string.Empty;

    /// <summary>
    /// The stored file (area "filing-attachment", Infrastructure/Files). Null only for an attachment of an earlier
    /// version whose file <c>onshi db migrate</c> has not moved into the database yet.
    /// </summary>
    public Guid? FileId { get; set; }

    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>The last receipt number given for a type and year.</summary>
public sealed class ReceiptCounter
{
    public required string Prefix { get; set; }

    public int Year { get; set; }

    public long Last { get; set; }
}
