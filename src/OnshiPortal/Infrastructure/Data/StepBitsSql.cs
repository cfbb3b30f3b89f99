namespace OnshiPortal.Infrastructure.Data;

/// <summary>
/// A row's reached steps as one integer in SQL, a bit for each column that is set: the same text on SQLite and
/// PostgreSQL, for a generated column (Institution.DashboardSteps) or an UPDATE that fills one (the letters' FunnelSteps).
/// </summary>
internal static class StepBitsSql
{
    public static string Of<TStep>(params (string Column, TStep Step)[] steps)
        where TStep : struct, Enum =>
        string.Join(" | ", steps.Select(s => $"""(CASE WHEN "{s.Column}" IS NOT NULL THEN {Convert.ToInt32(s.Step, System.Globalization.CultureInfo.InvariantCulture)} ELSE 0 END)"""));
}
