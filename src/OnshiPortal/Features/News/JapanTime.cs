using System.Globalization;

namespace OnshiPortal.Features.News;

/// <summary>Notices are dated in Japan's time: what the operator types, and what readers see.</summary>
public static class JapanTime
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    public static DateTimeOffset ToJapan(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    /// <summary>In UTC: PostgreSQL's timestamptz takes no other offset.</summary>
    public static DateTimeOffset FromLocal(DateOnly date, TimeOnly time) =>
        new DateTimeOffset(date.ToDateTime(time), Zone.GetUtcOffset(date.ToDateTime(time))).ToUniversalTime();

    public static string Date(DateTimeOffset at) => ToJapan(at).ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    public static string DateTime(DateTimeOffset at) => ToJapan(at).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture);

    /// <summary>For <c>datetime</c> attributes of &lt;time&gt;.</summary>
    public static string Iso(DateTimeOffset at) => ToJapan(at).ToString("yyyy-MM-ddTHH:mmzzz", CultureInfo.InvariantCulture);
}
