using System.Globalization;

namespace OnshiPortal.Features.Campaigns.Letters;

/// <summary>
/// 和暦 for the dates a letter prints. Only the two eras a letter can name: 平成 (from 1989-01-08) and 令和 (from
/// 2019-05-01). Written by hand rather than with JapaneseCalendar so that the output does not depend on the ICU
/// data of the machine (InvariantGlobalization, older era tables) and prints 元年 the way official letters do.
/// </summary>
public static class Wareki
{
    private static readonly DateOnly ReiwaStart = new(2019, 5, 1);
    private static readonly DateOnly HeiseiStart = new(1989, 1, 8);

    /// <summary>令和5年2月3日; the first year of an era is 元年 (令和元年5月1日).</summary>
    public static string Format(DateOnly date)
    {
        var (era, year) = date >= ReiwaStart ? ("令和", date.Year - 2018)
            : date >= HeiseiStart ? ("平成", date.Year - 1988)
            : throw new ArgumentOutOfRangeException(nameof(date), date, "Dates before 平成 are not printed in 和暦.");
        var yearText = year == 1 ? "元" : year.ToString(CultureInfo.InvariantCulture);
        return $"{era}{yearText}年{date.Month}月{date.Day}日";
    }
}
