using OnshiPortal.Features.Procedures;

namespace OnshiPortal.Features.Filings.Deferral;

/// <summary>The result of checking a category's entries: normalised values, errors by field id, and the deferral's end.</summary>
public sealed record DeferralCheck(Dictionary<string, string> Values, Dictionary<string, string> Errors, DateOnly? EndsOn)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>Checks a deferral's entries against its category (configuration) and works out the end of the deferral.</summary>
public static class DeferralRules
{
    public static DeferralCheck Check(DeferralCategory category, IReadOnlyDictionary<string, string?> entered)
    {
        ArgumentNullException.ThrowIfNull(category);
        var check = ProcedureFields.Check(category.Fields, entered);
        return new DeferralCheck(check.Values, check.Errors, check.IsValid ? EndOf(category, check.Dates) : null);
    }

    /// <summary>The end of the deferral: the fixed date, or the named date field plus the months.</summary>
    public static DateOnly? EndOf(DeferralCategory category, IReadOnlyDictionary<string, DateOnly> dates)
    {
        ArgumentNullException.ThrowIfNull(category);
        ArgumentNullException.ThrowIfNull(dates);
        if (category.End.Fixed is { } fixedDate)
        {
            return fixedDate;
        }

        return category.End.Field is { } field && dates.TryGetValue(field, out var date) ? date.AddMonths(category.End.AddMonths) : null;
    }

    public static bool TryParseDate(string? text, out DateOnly date) => ProcedureFields.TryParseDate(text, out date);
}
