using System.Globalization;

namespace OnshiPortal.Features.Dashboard;

/// <summary>How rates and counts are written on the page and in the CSV: 12.3%, 12,345.</summary>
public static class RateFormat
{
    /// <summary>A ratio as a percentage with one decimal, "—" when there is nothing to divide by.</summary>
    public static string Percent(double? ratio) =>
        ratio is { } r ? (r * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "—";

    /// <summary>The percentage for the CSV: a bare number Excel reads as one, empty when undefined.</summary>
    public static string PercentNumber(double? ratio) =>
        ratio is { } r ? (r * 100).ToString("0.0", CultureInfo.InvariantCulture) : string.Empty;

    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
