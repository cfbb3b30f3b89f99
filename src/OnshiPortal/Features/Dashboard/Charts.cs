using System.Globalization;
using Microsoft.Extensions.Localization;

namespace OnshiPortal.Features.Dashboard;

/// <summary>One horizontal bar, placed in the chart's own units (the SVG viewBox).</summary>
public sealed record ChartBar(string Label, string ValueText, double Y, double Width);

/// <summary>A gridline of a chart's value axis and its label.</summary>
public sealed record ChartTick(double Position, string Label);

/// <summary>
/// A horizontal bar chart of rates on a fixed 0–100% axis (a rate drawn on a stretched axis reads larger than it
/// is), drawn by <c>_BarChart.cshtml</c> as SVG: no script, no chart library, the same picture in every browser.
/// </summary>
public sealed record BarChart(string Summary, IReadOnlyList<ChartBar> Bars, IReadOnlyList<ChartTick> Ticks)
{
    public const double Width = 720;
    public const double LabelWidth = 96;
    public const double PlotWidth = 520;
    public const double RowHeight = 20;
    public const double BarHeight = 14;
    public const double Top = 28;

    public double Height => Top + (Bars.Count * RowHeight) + 8;

    public static BarChart OfRates(string summary, IEnumerable<RateRow> rows)
    {
        var bars = rows.Select((row, i) => new ChartBar(
            row.Label,
            RateFormat.Percent(row.Rate),
            Top + (i * RowHeight),
            Math.Clamp(row.Rate ?? 0, 0, 1) * PlotWidth)).ToList();
        var ticks = new[] { 0, 25, 50, 75, 100 }.Select(p => new ChartTick(LabelWidth + (p / 100.0 * PlotWidth), p + "%")).ToList();
        return new BarChart(summary, bars, ticks);
    }
}

/// <summary>
/// A line over time of a rate: x is the day, y the rate on an axis up to a round percentage just above the highest
/// point, so that early progress of a few percent is visible.
/// </summary>
public sealed record LineChart(string Summary, string Points, IReadOnlyList<ChartTick> ValueTicks, IReadOnlyList<ChartTick> DayTicks)
{
    public const double Width = 720;
    public const double Height = 300;
    public const double Left = 64;
    public const double Right = 700;
    public const double Top = 16;
    public const double Bottom = 260;

    private static readonly double[] AxisMaxima = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 0.75, 1];

    public static LineChart OfRates(string summary, IReadOnlyList<DailyPoint> points)
    {
        var highest = points.Count == 0 ? 0 : points.Max(p => p.Rate ?? 0);
        var axisMax = AxisMaxima.FirstOrDefault(m => m >= highest - 1e-12, Math.Max(1, highest));
        double X(int i) => points.Count <= 1 ? (Left + Right) / 2 : Left + ((Right - Left) * i / (points.Count - 1));
        double Y(double rate) => Bottom - ((Bottom - Top) * Math.Min(rate, axisMax) / axisMax);

        var line = string.Join(' ', points.Select((p, i) =>
            RateFormat.Number(X(i)) + "," + RateFormat.Number(Y(p.Rate ?? 0))));
        var valueTicks = Enumerable.Range(0, 5)
            .Select(k => axisMax * k / 4)
            .Select(v => new ChartTick(Y(v), RateFormat.Percent(v)))
            .ToList();
        var dayTicks = new List<ChartTick>();
        if (points.Count > 0)
        {
            var indexes = points.Count == 1 ? [0] : new[] { 0, (points.Count - 1) / 2, points.Count - 1 }.Distinct();
            dayTicks.AddRange(indexes.Select(i => new ChartTick(X(i), points[i].Day.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture))));
        }

        return new LineChart(summary, line, valueTicks, dayTicks);
    }
}

/// <summary>
/// A count over months (運用開始 so far), drawn by <c>_LineChart.cshtml</c> like the rates: the value axis goes to a
/// round number just above the highest point.
/// </summary>
public static class CountChart
{
    public static LineChart Of(string summary, IReadOnlyList<(DateOnly Month, long Count)> points)
    {
        var highest = points.Count == 0 ? 0 : points.Max(p => p.Count);
        var axisMax = RoundUp(Math.Max(highest, 4));
        double X(int i) => points.Count <= 1 ? (LineChart.Left + LineChart.Right) / 2 : LineChart.Left + ((LineChart.Right - LineChart.Left) * i / (points.Count - 1));
        double Y(double count) => LineChart.Bottom - ((LineChart.Bottom - LineChart.Top) * count / axisMax);

        var line = string.Join(' ', points.Select((p, i) => RateFormat.Number(X(i)) + "," + RateFormat.Number(Y(p.Count))));
        var valueTicks = Enumerable.Range(0, 5)
            .Select(k => axisMax * k / 4)
            .Select(v => new ChartTick(Y(v), RateFormat.Count(v)))
            .ToList();
        var monthTicks = new List<ChartTick>();
        if (points.Count > 0)
        {
            var indexes = points.Count == 1 ? [0] : new[] { 0, (points.Count - 1) / 2, points.Count - 1 }.Distinct();
            monthTicks.AddRange(indexes.Select(i => new ChartTick(X(i), points[i].Month.ToString("yyyy/MM", CultureInfo.InvariantCulture))));
        }

        return new LineChart(summary, line, valueTicks, monthTicks);
    }

    /// <summary>4, 8, 20 or 40 times a power of ten, at least <paramref name="value"/>: round, and divisible by the four tick intervals.</summary>
    private static long RoundUp(long value)
    {
        for (long power = 1; ; power *= 10)
        {
            foreach (var step in new[] { 4, 8, 20, 40 })
            {
                if (step * power >= value)
                {
                    return step * power;
                }
            }
        }
    }
}

/// <summary>The funnel as bars, each as wide as its count against the largest step, with its rates beside it.</summary>
public sealed record FunnelChart(string Summary, IReadOnlyList<ChartBar> Bars)
{
    public const double Width = 720;
    public const double LabelWidth = 160;
    public const double PlotWidth = 330;
    public const double RowHeight = 44;
    public const double BarHeight = 28;
    public const double Top = 8;

    public double Height => Top + (Bars.Count * RowHeight);

    /// <param name="text">The page's language; the stages' names and the title are already in it. Without it, Japanese.</param>
    public static FunnelChart Of(Funnel funnel, IStringLocalizer? text = null)
    {
        string T(string key, params object[] values) =>
            text is null ? string.Format(CultureInfo.InvariantCulture, key, values) : text[key, values];

        var largest = funnel.Largest;
        var bars = funnel.Stages.Select((s, i) => new ChartBar(
            s.Name,
            i == 0
                ? T("{0}件", RateFormat.Count(s.Count))
                : T("{0}件（前段階の{1}）", RateFormat.Count(s.Count), RateFormat.Percent(s.FromPrevious)),
            Top + (i * RowHeight),
            largest == 0 ? 0 : PlotWidth * s.Count / largest)).ToList();
        var summary = T("{0}の到達状況: {1}", funnel.Title, string.Join(T("、"), funnel.Stages.Select((s, i) =>
            i == 0 ? T("{0} {1}件", s.Name, RateFormat.Count(s.Count)) : T("{0} {1}件（{2}）", s.Name, RateFormat.Count(s.Count), RateFormat.Percent(s.FromFirst)))));
        return new FunnelChart(summary, bars);
    }
}
