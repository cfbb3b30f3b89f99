using System.Globalization;

namespace OnshiPortal.Infrastructure;

/// <summary>
/// The one formatter of the dates a clinic reads. Screens and mails print 和暦 with 西暦 in brackets
/// (令和9年3月31日（2027年3月31日）): the letters and the ministry's notices speak 和暦, and a clinic that has a letter
/// beside the screen finds the same date in the same words, while the 西暦 leaves no doubt about which year a 令和 is.
/// Letters on paper print 和暦 alone (<see cref="Format"/>), as the seed's letters do (「令和 5 年 2 月 3 日」): an
/// official letter of the ministry carries no 西暦, and the print shop's proof is compared against that.
/// <para>
/// Only the two eras a date of the portal can fall in: 平成 (from 1989-01-08) and 令和 (from 2019-05-01). Written by
/// hand rather than with JapaneseCalendar so that the output does not depend on the ICU data of the machine
/// (InvariantGlobalization, older era tables), and prints 元年 for the first year as official documents do (令和元年,
/// the form of the Cabinet's and the ministry's notices; the seed itself has no date in 2019).
/// </para>
/// Back-office tables keep <see cref="JapanTime.Compact"/>, where columns line up; &lt;time datetime&gt; keeps
/// <see cref="JapanTime.Iso"/>.
/// </summary>
public static class Wareki
{
    private static readonly DateOnly ReiwaStart = new(2019, 5, 1);
    private static readonly DateOnly HeiseiStart = new(1989, 1, 8);

    /// <summary>令和5年2月3日, 和暦 alone: what a letter on paper prints. The first year of an era is 元年 (令和元年5月1日).</summary>
    public static string Format(DateOnly date)
    {
        var (era, year) = date >= ReiwaStart ? ("令和", date.Year - 2018)
            : date >= HeiseiStart ? ("平成", date.Year - 1988)
            : throw new ArgumentOutOfRangeException(nameof(date), date, "Dates before 平成 are not printed in 和暦.");
        var yearText = year == 1 ? "元" : year.ToString(CultureInfo.InvariantCulture);
        return $"{era}{yearText}年{date.Month}月{date.Day}日";
    }

    /// <summary>
    /// 令和9年3月31日（2027年3月31日）: a date on a screen or in a mail. A date before 平成 (one a clinic typed, say)
    /// prints in 西暦 alone rather than failing the page.
    /// </summary>
    public static string Date(DateOnly date)
    {
        var western = date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
        return date < HeiseiStart ? western : $"{Format(date)}（{western}）";
    }

    /// <summary>令和9年4月（2027年4月）: a month on a screen (運用開始予定月).</summary>
    public static string Month(DateOnly month)
    {
        var western = month.ToString("yyyy年M月", CultureInfo.InvariantCulture);
        if (month < HeiseiStart)
        {
            return western;
        }

        var japanese = Format(new DateOnly(month.Year, month.Month, 1));
        return $"{japanese[..(japanese.IndexOf('月', StringComparison.Ordinal) + 1)]}（{western}）";
    }

    /// <summary>The Japanese day of an instant, as <see cref="Date(DateOnly)"/>.</summary>
    public static string Date(DateTimeOffset at) => Date(JapanTime.DayOf(at));

    /// <summary>令和5年3月1日（2023年3月1日）9:30: an instant on a screen or in a mail, in Japan's time.</summary>
    public static string DateTime(DateTimeOffset at) =>
        $"{Date(at)}{at.ToJapan().ToString("H:mm", CultureInfo.InvariantCulture)}";
}
