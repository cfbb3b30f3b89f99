using OnshiPortal.Features.Filings;

namespace OnshiPortal.Features.Procedures;

/// <summary>The "Procedures" section of configuration: each engine procedure's form, and the limits its rules apply.</summary>
public sealed class ProcedureOptions
{
    public const string Section = "Procedures";

    /// <summary>The forms, by procedure (the <see cref="FilingType"/>'s name: "ServiceApplication", ...).</summary>
    public Dictionary<string, ProcedureForm> Forms { get; set; } = new(StringComparer.Ordinal);

    /// <summary>顔認証付きカードリーダー: how many are free, by kind of institution.</summary>
    public CardReaderLimits CardReaders { get; set; } = new();

    /// <summary>運用開始日: how far ahead of today the date may be.</summary>
    public int OperationStartMonthsAhead { get; set; } = 1;

    /// <summary>途中保存: when a saved draft is reminded of, how long it is kept.</summary>
    public Drafts.DraftOptions Drafts { get; set; } = new();

    public ProcedureForm FormOf(FilingType type) => Forms.TryGetValue(type.ToString(), out var form) ? form : new ProcedureForm();
}

/// <summary>What a procedure's form asks: its fields, its documents.</summary>
public sealed class ProcedureForm
{
    /// <summary>Shown above the fields: what the procedure is and what happens after it.</summary>
    public string Guidance { get; set; } = string.Empty;

    public List<ProcedureField> Fields { get; set; } = [];

    /// <summary>The named documents, in the order the form asks for them (none for most procedures).</summary>
    public List<ProcedureDocument> Documents { get; set; } = [];
}

public sealed class CardReaderLimits
{
    /// <summary>病院 (医科, 20 beds or more).</summary>
    public int Hospital { get; set; } = 3;

    /// <summary>医科・歯科の診療所.</summary>
    public int Clinic { get; set; } = 1;

    /// <summary>薬局.</summary>
    public int Pharmacy { get; set; } = 1;
}
