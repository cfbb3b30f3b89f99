using OnshiPortal.Features.Filings;

namespace OnshiPortal.Features.Procedures;

/// <summary>
/// One named document a procedure's form asks for (領収書（写）, 事業完了報告書): configuration, like the fields, so that a
/// ministry's new document is a change of appsettings.json. Its files are uploaded beside the fields, checked by the
/// same <see cref="AttachmentStore"/> as every attachment, and kept as <see cref="FilingAttachment"/> rows carrying
/// <see cref="Id"/>; the reviewer sees each document's files side by side and can return the filing naming it.
/// </summary>
public sealed class ProcedureDocument
{
    /// <summary>Letters and digits: the upload's field name and <see cref="FilingAttachment.Document"/>.</summary>
    public string Id { get; set; } = string.Empty;

    public string Label { get; set; } = string.Empty;

    public string Hint { get; set; } = string.Empty;

    /// <summary>Required unless a procedure's rules say otherwise (<see cref="Procedure.RequiredDocuments"/>).</summary>
    public bool Required { get; set; } = true;

    /// <summary>How many files the document may have (a receipt of several pages scanned one by one).</summary>
    public int MaxFiles { get; set; } = 1;
}

/// <summary>The documents a 差戻し names, as <see cref="FilingEvent.Documents"/> keeps them, and their labels.</summary>
public static class ProcedureDocuments
{
    /// <summary>The label of a document of the procedure's form; the id itself when configuration no longer has it.</summary>
    public static string LabelOf(ProcedureForm form, string id)
    {
        ArgumentNullException.ThrowIfNull(form);
        return id.Length == 0 ? "添付書類" : form.Documents.FirstOrDefault(d => d.Id == id)?.Label ?? id;
    }

    public static IReadOnlyList<string> Parse(string? documents) =>
        string.IsNullOrEmpty(documents) ? [] : documents.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string Format(IEnumerable<string> ids) => string.Join(',', ids.Distinct(StringComparer.Ordinal));

    /// <summary>The documents the last 差戻し marked as wrong (those the correction must replace).</summary>
    public static IReadOnlyList<string> ToReplace(Filing filing)
    {
        ArgumentNullException.ThrowIfNull(filing);
        return filing.State == FilingState.Returned ? Parse(filing.Events.LastOrDefault(e => e.To == FilingState.Returned)?.Documents) : [];
    }
}
