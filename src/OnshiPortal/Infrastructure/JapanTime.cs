namespace OnshiPortal.Infrastructure;

/// <summary>
/// Japan Standard Time, which has had no daylight saving since 1951: a fixed +9 hours, so dates of the ministry's
/// rules (基準日, 期限) turn into instants without a time-zone database.
/// </summary>
public static class JapanTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(9);

    /// <summary>The first instant after the day: "as of the cutoff" means before this.</summary>
    /// <remarks>In UTC: PostgreSQL's timestamptz takes only UTC offsets from Npgsql.</remarks>
    public static DateTimeOffset EndOf(DateOnly day) => new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), Offset).ToUniversalTime();

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Offset).DateTime);

    public static DateTimeOffset ToJapan(this DateTimeOffset instant) => instant.ToOffset(Offset);
}
