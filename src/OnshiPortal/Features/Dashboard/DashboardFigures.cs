namespace OnshiPortal.Features.Dashboard;

/// <summary>A registration rate: activated accounts of active institutions over active institutions.</summary>
/// <param name="Key">What the CSV identifies the row by: the 都道府県番号 (two digits) or the 点数表番号; empty for 全国.</param>
public sealed record RateRow(string Key, string Label, long Institutions, long Accounts)
{
    /// <summary>Null when there is no active institution to divide by.</summary>
    public double? Rate => Institutions == 0 ? null : (double)Accounts / Institutions;
}

/// <summary>One Japanese calendar day: accounts created that day, those created up to it, and the rate they make.</summary>
public sealed record DailyPoint(DateOnly Day, long NewAccounts, long Cumulative, double? Rate);

/// <summary>Everything the registration dashboard shows, computed in the database in a few aggregate queries.</summary>
public sealed record DashboardFigures(
    DateTimeOffset At,
    RateRow Overall,
    IReadOnlyList<RateRow> ByPrefecture,
    IReadOnlyList<RateRow> ByKind,
    IReadOnlyList<DailyPoint> Daily,
    Funnel LetterFunnel,
    IReadOnlyList<CampaignFunnel> CampaignFunnels,
    IReadOnlyList<ResponseCurve> ResponseCurves,
    IReadOnlyList<FilingRow> Filings,
    RoadFigures Road);

/// <summary>What <c>_RateTable.cshtml</c> shows: rows of rates and the nationwide total below them.</summary>
public sealed record RateTableModel(string Caption, string LabelHeader, IReadOnlyList<RateRow> Rows, RateRow Total);

/// <summary>The two download links of a table: UTF-8 (with BOM) and Shift_JIS.</summary>
public sealed record CsvLinksModel(string What, string Utf8, string ShiftJis);
