using System.Globalization;
using CsvHelper;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Csv;

namespace OnshiPortal.Features.Dashboard;

/// <summary>The tables of the dashboard a CSV can be downloaded of.</summary>
public enum DashboardTable
{
    Prefectures,
    Kinds,
    Daily,
    Funnel,
    Campaigns,
    Filings,
    RoadPrefectures,
    RoadKinds,
    RoadMonthly,
    Responses,
}

/// <summary>
/// Each table of the dashboard as CSV, for Excel: UTF-8 with a byte order mark (without one, Excel in Japan reads
/// UTF-8 as Shift_JIS and shows mojibake), or Shift_JIS (CP932) for older tools. Rates are bare numbers in percent; text cells go through
/// <see cref="SpreadsheetText"/> (a campaign's name is typed by an operator).
/// </summary>
public static class DashboardCsv
{
    public static string FileName(DashboardTable table, DateTimeOffset at) =>
        $"registration-{table.ToString().ToLowerInvariant()}-{at.ToJapan():yyyyMMdd}.csv";

    public static void Write(Stream stream, DashboardTable table, DashboardFigures figures, CsvEncoding encoding)
    {
        var options = new CsvWriterOptions
        {
            Separator = ',',
            NewLine = "\r\n",
        };
        var byteOrderMark = encoding != CsvEncoding.ShiftJis;

        // Every fixed text here (prefecture names, 医科/歯科/薬局, step names) is in CP932; a campaign's name is the
        // operator's and may not be, so Shift_JIS files replace what CP932 lacks rather than fail the download.
        using var text = new StreamWriter(stream, encoding == CsvEncoding.ShiftJis ? ShiftJis.Lenient : new System.Text.UTF8Encoding(false), bufferSize: 1 << 14, leaveOpen: true);
        using var csv = CsvWriter.Create(text, options, leaveOpen: true);
        if (byteOrderMark)
        {
            text.Write('\uFEFF');
        }

        switch (table)
        {
            case DashboardTable.Prefectures:
                Rates(csv, "都道府県番号", "都道府県", [.. figures.ByPrefecture, figures.Overall]);
                break;
            case DashboardTable.Kinds:
                Rates(csv, "点数表番号", "種別", [.. figures.ByKind, figures.Overall]);
                break;
            case DashboardTable.Daily:
                csv.WriteHeader(["日付", "新規登録数", "累計登録数", "登録率(%)"]);
                foreach (var point in figures.Daily)
                {
                    csv.WriteField(point.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    csv.WriteField(Number(point.NewAccounts));
                    csv.WriteField(Number(point.Cumulative));
                    csv.WriteField(RateFormat.PercentNumber(point.Rate));
                    csv.EndRecord();
                }

                break;
            case DashboardTable.Funnel:
                csv.WriteHeader(StageHeader);
                foreach (var stage in figures.LetterFunnel.Stages)
                {
                    Stage(csv, stage);
                }

                break;
            case DashboardTable.Campaigns:
                csv.WriteHeader(["発送ID", "キャンペーン", "発送日", .. StageHeader]);
                foreach (var campaign in figures.CampaignFunnels)
                {
                    foreach (var stage in campaign.Funnel.Stages)
                    {
                        csv.WriteField(Number(campaign.CampaignId));
                        csv.WriteField(SpreadsheetText.Protect(campaign.Name));
                        csv.WriteField(campaign.LetterDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                        Stage(csv, stage);
                    }
                }

                break;
            case DashboardTable.Filings:
                csv.WriteHeader(["届出", .. FilingCounts.States.Select(s => s.Japanese()), "合計"]);
                foreach (var row in figures.Filings)
                {
                    csv.WriteField(row.Type.Japanese());
                    foreach (var count in row.Counts)
                    {
                        csv.WriteField(Number(count));
                    }

                    csv.WriteField(Number(row.Total));
                    csv.EndRecord();
                }

                break;
            case DashboardTable.RoadPrefectures:
                Road(csv, "都道府県番号", "都道府県", [.. figures.Road.ByPrefecture, figures.Road.Overall]);
                break;
            case DashboardTable.RoadKinds:
                Road(csv, "点数表番号", "種別", [.. figures.Road.ByKind, figures.Road.Overall]);
                break;
            case DashboardTable.RoadMonthly:
                csv.WriteHeader(["月", "利用申請 受理", "利用申請 受理（累計）", "運用開始", "運用開始（累計）"]);
                foreach (var month in figures.Road.Monthly)
                {
                    csv.WriteField(month.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture));
                    csv.WriteField(Number(month.Applied));
                    csv.WriteField(Number(month.AppliedTotal));
                    csv.WriteField(Number(month.Started));
                    csv.WriteField(Number(month.StartedTotal));
                    csv.EndRecord();
                }

                break;
            case DashboardTable.Responses:
                csv.WriteHeader(["発送ID", "キャンペーン", "発送日", "段階", "発送日からの日数", "日付", "件数", "累計", "発送数に対する率(%)"]);
                foreach (var curve in figures.ResponseCurves)
                {
                    foreach (var point in curve.Points)
                    {
                        csv.WriteField(Number(curve.CampaignId));
                        csv.WriteField(SpreadsheetText.Protect(curve.Name));
                        csv.WriteField(curve.LetterDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                        csv.WriteField(SpreadsheetText.Protect(curve.Step));
                        csv.WriteField(Number(point.DayAfter));
                        csv.WriteField(point.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                        csv.WriteField(Number(point.New));
                        csv.WriteField(Number(point.Cumulative));
                        csv.WriteField(RateFormat.PercentNumber(point.Rate));
                        csv.EndRecord();
                    }
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(table), table, null);
        }

        csv.Flush();
        text.Flush();
    }

    private static void Rates(CsvWriter csv, string keyHeader, string labelHeader, IEnumerable<RateRow> rows)
    {
        csv.WriteHeader([keyHeader, labelHeader, "有効な医療機関等数", "登録済みアカウント数", "登録率(%)"]);
        foreach (var row in rows)
        {
            csv.WriteField(SpreadsheetText.Protect(row.Key));
            csv.WriteField(SpreadsheetText.Protect(row.Label));
            csv.WriteField(Number(row.Institutions));
            csv.WriteField(Number(row.Accounts));
            csv.WriteField(RateFormat.PercentNumber(row.Rate));
            csv.EndRecord();
        }
    }

    private static void Road(CsvWriter csv, string keyHeader, string labelHeader, IEnumerable<RoadRow> rows)
    {
        csv.WriteHeader([keyHeader, labelHeader, .. RoadRow.StepNames, "運用開始率(%)"]);
        foreach (var row in rows)
        {
            csv.WriteField(SpreadsheetText.Protect(row.Key));
            csv.WriteField(SpreadsheetText.Protect(row.Label));
            csv.WriteField(Number(row.Active));
            csv.WriteField(Number(row.Registered));
            csv.WriteField(Number(row.Applied));
            csv.WriteField(Number(row.Started));
            csv.WriteField(RateFormat.PercentNumber(row.StartedRate));
            csv.EndRecord();
        }
    }

    /// <summary>The columns of a funnel step, in the all-logins file and after the campaign's own in the campaigns file.</summary>
    private static readonly string[] StageHeader = ["段階", "医療機関等数", "前段階からの率(%)", "最初の段階からの率(%)"];

    private static void Stage(CsvWriter csv, FunnelStage stage)
    {
        csv.WriteField(SpreadsheetText.Protect(stage.Name));
        csv.WriteField(Number(stage.Count));
        csv.WriteField(RateFormat.PercentNumber(stage.FromPrevious));
        csv.WriteField(RateFormat.PercentNumber(stage.FromFirst));
        csv.EndRecord();
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
