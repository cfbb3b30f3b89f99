namespace OnshiPortal.Features.Institutions;

/// <summary>One column of the master file: its Japanese header, the English one also accepted, its length limit.</summary>
/// An optional column may be left out of a file altogether (older masters have no succession data).
internal sealed record InstitutionCsvColumn(string Header, string Alias, int MaxLength, bool Optional = false);

/// <summary>The columns of the master file, in the order they are written.</summary>
internal static class InstitutionCsvColumns
{
    public const int Code = 0;
    public const int Name = 1;
    public const int NameKana = 2;
    public const int Founder = 3;
    public const int Manager = 4;
    public const int PostalCode = 5;
    public const int Address = 6;
    public const int Phone = 7;
    public const int OpenedOn = 8;
    public const int ClosedOn = 9;
    public const int PredecessorCode = 10;
    public const int Beds = 11;

    /// <summary>The most beds a row may give (the largest hospitals have about 1,500).</summary>
    public const int MaxBeds = 9999;

    // The limits are those of the database columns (InstitutionConfiguration), so a row that passes here stores.
    public static IReadOnlyList<InstitutionCsvColumn> All { get; } =
    [
        new("医療機関等コード", "code", InstitutionCode.Length),
        new("名称", "name", 200),
        new("名称カナ", "name_kana", 200),
        new("開設者", "founder", 200),
        new("管理者", "manager", 200),
        new("郵便番号", "postal_code", TextNormalization.PostalCodeLength),
        new("住所", "address", 300),
        new("電話番号", "phone", 30),
        new("開設日", "opened_on", 10),
        new("廃止日", "closed_on", 10),
        new("承継元医療機関等コード", "predecessor_code", InstitutionCode.Length, Optional: true),
        new("病床数", "beds", 4, Optional: true),
    ];

    public static string[] Headers { get; } = [.. All.Select(c => c.Header)];
}
