using System.Globalization;

namespace OnshiPortal.Infrastructure;

/// <summary>
/// Japan Standard Time, in which every date of the portal is meant (基準日, 期限, 掲載日, 受付日時, a day of the
/// dashboard's series). Japan has had no daylight saving since 1951: a fixed +9 hours, so no time-zone database is
/// needed and a Japanese day is a UTC day shifted by nine hours. Instants are stored in UTC (PostgreSQL's
/// timestamptz takes only UTC offsets from Npgsql), so the instants made here are in UTC.
/// </summary>
public static class JapanTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(9);

    /// <summary>The same fixed +9 hours as a zone, for what takes one (the scheduler's cron); no tz database needed.</summary>
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.CreateCustomTimeZone("Japan", Offset, "日本標準時", "日本標準時");

    public static DateTimeOffset ToJapan(this DateTimeOffset instant) => instant.ToOffset(Offset);

    /// <summary>The Japanese calendar day an instant falls on.</summary>
    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    public static DateOnly Today(TimeProvider clock) => DayOf(clock.GetUtcNow());

    /// <summary>Midnight at the start of a Japanese day, in UTC.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => At(day, TimeOnly.MinValue);

    /// <summary>The first instant after the day: "as of the cutoff" means before this.</summary>
    public static DateTimeOffset EndOf(DateOnly day) => StartOf(day.AddDays(1));

    /// <summary>A date and time as a person in Japan means them (what an operator types), in UTC.</summary>
    public static DateTimeOffset At(DateOnly day, TimeOnly time) => new DateTimeOffset(day.ToDateTime(time), Offset).ToUniversalTime();

    // Dates in running text, on screens and in mails: Wareki.Date and Wareki.DateTime (令和…（20xx年…）).

    /// <summary>2023/03/01 09:30: in tables, lists and CSV, where columns line up.</summary>
    public static string Compact(DateTimeOffset at) => at.ToJapan().ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>For <c>datetime</c> attributes of &lt;time&gt;.</summary>
    public static string Iso(DateTimeOffset at) => at.ToJapan().ToString("yyyy-MM-ddTHH:mmzzz", CultureInfo.InvariantCulture);
}
