using System.Globalization;

namespace OnshiPortal.Features.Subsidy;

/// <summary>
/// A 補助率 as an exact fraction (numerator and denominator), so 2/3 of a cost is computed exactly and only the
/// final yen are rounded down, never a 0.6666… that loses a yen on a round cost. Written in configuration as a
/// fraction ("1/2", "3/4") or a decimal ("0.5"); shown as it was written.
/// </summary>
public readonly record struct SubsidyRate(long Numerator, long Denominator, string Text)
{
    public static readonly SubsidyRate None = new(0, 1, "0");

    /// <summary>A rate from "a/b" or a decimal; null with a reason when the text is neither or lies outside 0..1.</summary>
    public static SubsidyRate? Parse(string? text, out string? error)
    {
        error = null;
        var value = (text ?? string.Empty).Trim();
        long numerator, denominator;
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (!long.TryParse(value.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out numerator)
                || !long.TryParse(value.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out denominator)
                || denominator == 0)
            {
                error = $"補助率「{value}」は分数（例: 1/2）か小数（例: 0.5）で書いてください。";
                return null;
            }
        }
        else if (decimal.TryParse(value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            && value.Length <= 20)
        {
            var scale = number.Scale;
            denominator = (long)Math.Pow(10, scale);
            numerator = (long)(number * denominator);
        }
        else
        {
            error = $"補助率「{value}」は分数（例: 1/2）か小数（例: 0.5）で書いてください。";
            return null;
        }

        if (numerator < 0 || numerator > denominator)
        {
            error = $"補助率「{value}」は0から1の間にしてください。";
            return null;
        }

        return new SubsidyRate(numerator, denominator, value);
    }

    /// <summary>cost × rate, the yen below 1 cut off (1円未満切り捨て).</summary>
    public long Of(long cost) => (long)((Int128)cost * Numerator / Denominator);

    public override string ToString() => Text;
}
