namespace OnshiPortal.Features.Procedures;

public enum FieldType
{
    Date = 0,
    Text = 1,

    /// <summary>Several lines (a textarea).</summary>
    LongText = 2,

    /// <summary>A whole number between <see cref="ProcedureField.Min"/> and <see cref="ProcedureField.Max"/>.</summary>
    Number = 3,

    /// <summary>One of <see cref="ProcedureField.Choices"/> (radio buttons).</summary>
    Choice = 4,

    /// <summary>A month (運用開始予定月), kept as yyyy-MM.</summary>
    Month = 5,

    /// <summary>A phone number, kept with its hyphens.</summary>
    Phone = 6,

    /// <summary>A postal code, kept as seven digits.</summary>
    PostalCode = 7,

    Email = 8,
}

/// <summary>
/// One field of a procedure's form (or of a deferral category): data, not code, so that a change by the ministry is a
/// change of appsettings.json. Checked by <see cref="ProcedureFields.Check"/>, drawn by Features/Procedures/_Field.cshtml.
/// </summary>
public sealed class ProcedureField
{
    /// <summary>Letters and digits; the form's field name and the key in the filing's entries.</summary>
    public string Id { get; set; } = string.Empty;

    public string Label { get; set; } = string.Empty;

    public string Hint { get; set; } = string.Empty;

    public FieldType Type { get; set; }

    public bool Required { get; set; } = true;

    public int MinLength { get; set; }

    public int MaxLength { get; set; } = 1000;

    /// <summary>For a date: the earliest allowed.</summary>
    public DateOnly? Earliest { get; set; }

    /// <summary>For a date: the latest allowed.</summary>
    public DateOnly? Latest { get; set; }

    /// <summary>For a number: the smallest and the largest allowed.</summary>
    public int? Min { get; set; }

    public int? Max { get; set; }

    /// <summary>
    /// The institution's own (the subsidy's bank account): kept with the filing but never shown to a vendor's person
    /// nor written in a mail (<see cref="Filings.FilingService.FieldsFor"/>).
    /// </summary>
    public bool Private { get; set; }

    /// <summary>For a choice: what may be chosen, as shown (and kept).</summary>
    public List<string> Choices { get; set; } = [];
}
