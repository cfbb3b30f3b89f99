namespace OnshiPortal.Features.Institutions;

/// <summary>
/// What reading a master file found: the rows that passed every check, and every problem of the others.
/// An import goes ahead only when <see cref="Errors"/> is empty, so that a file is never half applied.
/// </summary>
public sealed record InstitutionCsvReadResult(
    IReadOnlyList<InstitutionCsvRow> Rows,
    IReadOnlyList<CsvLineError> Errors,
    string EncodingName)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>A valid row and the line of the file it starts on (1-based; the header is line 1).</summary>
public sealed record InstitutionCsvRow(int Line, InstitutionRecord Record);

/// <summary>One problem on one line; a line with several problems has several of these.</summary>
/// <param name="Line">The line of the file where the record starts (1-based; the header is line 1).</param>
/// <param name="Message">The problem in Japanese, without the line number.</param>
public sealed record CsvLineError(int Line, string Message)
{
    /// <summary>As shown to the operator: "3行目: 医療機関等コードの検証番号が正しくありません。".</summary>
    public override string ToString() => $"{Line}行目: {Message}";
}
