using System.Globalization;
using System.Text;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Filings.Deferral;

/// <summary>The result of checking a category's entries: normalised values, errors by field id, and the deferral's end.</summary>
public sealed record DeferralCheck(Dictionary<string, string> Values, Dictionary<string, string> Errors, DateOnly? EndsOn)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>Checks a deferral's entries against its category (configuration) and works out the end of the deferral.</summary>
public static class DeferralRules
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyy.M.d", "yyyyMMdd"];

    public static DeferralCheck Check(DeferralCategory category, IReadOnlyDictionary<string, string?> entered)
    {
        ArgumentNullException.ThrowIfNull(category);
        ArgumentNullException.ThrowIfNull(entered);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var dates = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var field in category.Fields)
        {
            var raw = entered.TryGetValue(field.Id, out var v) ? v : null;
            var text = field.Type == DeferralFieldType.LongText ? LongText(raw) : TextNormalization.Text(raw);
            values[field.Id] = text;
            if (text.Length == 0)
            {
                if (field.Required)
                {
                    errors[field.Id] = Ui.Text("{0}を入力してください。", Ui.Text(field.Label));
                }

                continue;
            }

            if (field.Type == DeferralFieldType.Date)
            {
                if (!TryParseDate(text, out var date))
                {
                    errors[field.Id] = Ui.Text("{0}は「2023-03-31」の形で、正しい日付を入力してください。", Ui.Text(field.Label));
                    continue;
                }

                if (field.Latest is { } latest && date > latest)
                {
                    errors[field.Id] = Ui.Text("{0}は{1}以前の日付を入力してください。", Ui.Text(field.Label), Wareki.Date(latest));
                    continue;
                }

                if (field.Earliest is { } earliest && date < earliest)
                {
                    errors[field.Id] = Ui.Text("{0}は{1}以降の日付を入力してください。", Ui.Text(field.Label), Wareki.Date(earliest));
                    continue;
                }

                values[field.Id] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                dates[field.Id] = date;
                continue;
            }

            var length = new StringInfo(text).LengthInTextElements;
            if (field.MinLength > 0 && length < field.MinLength)
            {
                errors[field.Id] = Ui.Text("{0}は{1}文字以上で具体的に入力してください（現在{2}文字）。", Ui.Text(field.Label), field.MinLength, length);
            }
            else if (length > field.MaxLength)
            {
                errors[field.Id] = Ui.Text("{0}は{1}文字以内で入力してください（現在{2}文字）。", Ui.Text(field.Label), field.MaxLength, length);
            }
        }

        return new DeferralCheck(values, errors, errors.Count == 0 ? EndOf(category, dates) : null);
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

    public static bool TryParseDate(string? text, out DateOnly date)
    {
        var normalized = TextNormalization.Text(text).Replace("年", "-", StringComparison.Ordinal).Replace("月", "-", StringComparison.Ordinal).TrimEnd('日');
        return DateOnly.TryParseExact(normalized, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    /// <summary>Several lines: each line normalised (NFKC, spaces), blank lines at the ends dropped.</summary>
    private static string LongText(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        foreach (var line in raw.ReplaceLineEndings("\n").Split('\n'))
        {
            builder.Append(TextNormalization.Text(line)).Append('\n');
        }

        return builder.ToString().Trim('\n');
    }
}
