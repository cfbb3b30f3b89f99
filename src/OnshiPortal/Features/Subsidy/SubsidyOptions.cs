using OnshiPortal.Features.Institutions;

namespace OnshiPortal.Features.Subsidy;

/// <summary>
/// The <c>Subsidy</c> section of configuration: the rules of the 補助金 as data (rate and cap per item, a total cap,
/// the required documents, by institution class and bed count, each set with the date it applies from), the payer
/// of the 全銀 file and the file's form. appsettings.json ships an EXAMPLE table, not the government's figures: the
/// operator replaces it with the 交付要綱's table before any claim is paid.
/// </summary>
public sealed class SubsidyOptions
{
    public const string Section = "Subsidy";

    /// <summary>The rule sets; each applies from its <see cref="SubsidyRuleSet.ValidFrom"/> until the next one's (or its own <see cref="SubsidyRuleSet.ValidUntil"/>).</summary>
    public List<SubsidyRuleSet> RuleSets { get; set; } = [];

    /// <summary>The 振込依頼人 of the 総合振込 file: the fund's own account at its bank.</summary>
    public ZenginPayer Payer { get; set; } = new();

    /// <summary>How the 総合振込 file is written.</summary>
    public ZenginFileOptions File { get; set; } = new();
}

/// <summary>One version of the rules (a 交付要綱 and its 改正), from a date.</summary>
public sealed class SubsidyRuleSet
{
    /// <summary>The set's name, shown with every computation so the reviewer sees which table was used.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>
    /// A note shown with every computation that used the set. The sample table's note says it is an example: a
    /// page can never show the sample's figures as if they were the government's.
    /// </summary>
    public string Notice { get; set; } = string.Empty;

    /// <summary>The first 運用開始日 the set applies to.</summary>
    public DateOnly ValidFrom { get; set; }

    /// <summary>
    /// The last 運用開始日 the set applies to, when it ends before the next set begins (a fund that closed): a date
    /// in the gap has no rules, and a claim for it is refused. Without it the set applies until the next begins.
    /// </summary>
    public DateOnly? ValidUntil { get; set; }

    /// <summary>Rates and caps by institution class (and, for hospitals, bed-count band).</summary>
    public List<SubsidyClassRule> Classes { get; set; } = [];

    /// <summary>Which of the claim's documents are required.</summary>
    public List<SubsidyDocumentRule> Documents { get; set; } = [];
}

/// <summary>The rates and caps for one institution class, optionally only for a band of 病床数.</summary>
public sealed class SubsidyClassRule
{
    public InstitutionClass Class { get; set; }

    /// <summary>The fewest beds the rule applies to (inclusive); none: no lower bound.</summary>
    public int? MinBeds { get; set; }

    /// <summary>The most beds the rule applies to (inclusive); none: no upper bound.</summary>
    public int? MaxBeds { get; set; }

    /// <summary>Per item its rate and cap; an item not listed is not subsidised (its line says so).</summary>
    public List<SubsidyItemRule> Items { get; set; } = [];

    /// <summary>The cap on the sum of the items' subsidies; none: only the items' own caps.</summary>
    public long? TotalCap { get; set; }

    public bool Banded => MinBeds is not null || MaxBeds is not null;

    public bool Covers(int? beds) =>
        !Banded || (beds is { } b && (MinBeds is null || b >= MinBeds) && (MaxBeds is null || b <= MaxBeds));

    /// <summary>"病院（病床数 200〜）" for messages and the computation's heading.</summary>
    public string Label => Class.Japanese() + (Banded ? $"（病床数 {MinBeds?.ToString(System.Globalization.CultureInfo.InvariantCulture)}〜{MaxBeds?.ToString(System.Globalization.CultureInfo.InvariantCulture)}）" : string.Empty);
}

public sealed class SubsidyItemRule
{
    public SubsidyItem Item { get; set; }

    /// <summary>The 補助率: "1/2", "3/4", "0.5" (<see cref="SubsidyRate"/>).</summary>
    public string Rate { get; set; } = "0";

    /// <summary>The item's cap in yen; none: no cap of its own.</summary>
    public long? Cap { get; set; }
}

public sealed class SubsidyDocumentRule
{
    public SubsidyDocument Document { get; set; }

    public DocumentRequirement Required { get; set; } = DocumentRequirement.Always;

    /// <summary>For <see cref="DocumentRequirement.WhenCost"/>: the items whose cost makes the document required.</summary>
    public List<SubsidyItem> Items { get; set; } = [];
}

/// <summary>
/// The 振込依頼人 of the 総合振込 file: the 委託者コード the bank gave the fund and the account the money leaves
/// from. Names in 全銀 カナ (half-width), as the bank registered them; the sample values are made up.
/// </summary>
public sealed class ZenginPayer
{
    /// <summary>振込依頼人コード (委託者コード), 10 digits.</summary>
    public string RequesterCode { get; set; } = string.Empty;

    /// <summary>振込依頼人名, up to 40 half-width characters.</summary>
    public string RequesterName { get; set; } = string.Empty;

    /// <summary>仕向銀行番号, 4 digits.</summary>
    public string BankCode { get; set; } = string.Empty;

    /// <summary>仕向銀行名, up to 15 half-width characters (may be blank: the bank fills it in).</summary>
    public string BankName { get; set; } = string.Empty;

    /// <summary>仕向支店番号, 3 digits.</summary>
    public string BranchCode { get; set; } = string.Empty;

    /// <summary>仕向支店名, up to 15 half-width characters (may be blank).</summary>
    public string BranchName { get; set; } = string.Empty;

    public DepositType DepositType { get; set; } = DepositType.Ordinary;

    /// <summary>口座番号, up to 7 digits.</summary>
    public string AccountNumber { get; set; } = string.Empty;
}

/// <summary>The form of the 総合振込 file.</summary>
public sealed class ZenginFileOptions
{
    /// <summary>
    /// CRLF after each 120-byte record (122 bytes a line) or none. Banks' upload screens take both; CRLF is the
    /// default because a person can open such a file and see one record a line, and the parser reads both.
    /// </summary>
    public ZenginLineEnding LineEnding { get; set; } = ZenginLineEnding.CrLf;

    /// <summary>
    /// The most 振込 one file holds. The record has room for 999,999, but many banks take at most 9,999 明細 in one
    /// 総合振込 upload; a month with more is written as several files.
    /// </summary>
    public int MaxTransfersPerFile { get; set; } = 9999;
}
