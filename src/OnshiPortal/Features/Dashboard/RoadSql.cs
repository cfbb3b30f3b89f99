namespace OnshiPortal.Features.Dashboard;

/// <summary>
/// The day (Japan time, as <see cref="DateOnly.DayNumber"/>) of each active institution's first accepted 利用申請:
/// the time of 受理 is the filing's last change (a 利用申請 has no step after 受理), and a Japanese day of an
/// instant is provider arithmetic, as in <see cref="DashboardSql"/>. One row per day, never per institution.
/// </summary>
internal static class RoadSql
{
    public static readonly string AppliedByDaySqlite = $"""
        SELECT (first_accepted + 324000000000) / 864000000000 AS "Day", COUNT(*) AS "Accounts"
        FROM (SELECT MIN(f."UpdatedAt") AS first_accepted
              FROM "Filing" AS f
              WHERE f."Type" = {(int)Filings.FilingType.ServiceApplication} AND f."State" = {(int)Filings.FilingState.Accepted}
                AND EXISTS (SELECT 1 FROM "Institutions" AS i WHERE i."Code" = f."InstitutionCode" AND i."Status" = {(int)Institutions.InstitutionStatus.Active})
              GROUP BY f."InstitutionCode") AS firsts
        GROUP BY 1
        """;

    public static readonly string AppliedByDayPostgres = $"""
        SELECT CAST(((first_accepted AT TIME ZONE 'UTC') + INTERVAL '9 hours')::date - DATE '0001-01-01' AS bigint) AS "Day", COUNT(*) AS "Accounts"
        FROM (SELECT MIN(f."UpdatedAt") AS first_accepted
              FROM "Filing" AS f
              WHERE f."Type" = {(int)Filings.FilingType.ServiceApplication} AND f."State" = {(int)Filings.FilingState.Accepted}
                AND EXISTS (SELECT 1 FROM "Institutions" AS i WHERE i."Code" = f."InstitutionCode" AND i."Status" = {(int)Institutions.InstitutionStatus.Active})
              GROUP BY f."InstitutionCode") AS firsts
        GROUP BY 1
        """;
}
