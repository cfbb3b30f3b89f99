namespace OnshiPortal.Infrastructure.Data;

/// <summary>
/// The Japanese calendar day of a stored instant, in SQL (<see cref="JapanTime.DayOf"/> in the database), for the
/// backfills that derive a day from the records: provider arithmetic that LINQ does not express.
/// </summary>
internal static class JapanDaySql
{
    /// <summary>
    /// SQLite keeps an instant as its UTC ticks (100 ns since 0001-01-01) and a <see cref="DateOnly"/> as ISO text:
    /// ticks less the Unix epoch's, in seconds, nine hours on (Japan keeps no summer time).
    /// </summary>
    public static string Sqlite(string instant) => $"date((({instant}) - 621355968000000000) / 10000000 + 32400, 'unixepoch')";

    /// <summary>PostgreSQL keeps a timestamptz: its UTC wall time, nine hours on, as a date.</summary>
    public static string Postgres(string instant) => $"(((({instant}) AT TIME ZONE 'UTC') + INTERVAL '9 hours')::date)";
}
