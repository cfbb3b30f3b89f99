using System.Globalization;
using System.Net.Mail;
using System.Text;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Procedures;

/// <summary>The entries of a form checked against its fields: normalised values and errors, by field id.</summary>
public sealed record FieldCheck(Dictionary<string, string> Values, Dictionary<string, string> Errors, Dictionary<string, DateOnly> Dates)
{
    public bool IsValid => Errors.Count == 0;

    /// <summary>A checked number (only present when valid).</summary>
    public int? Number(string id) => Values.TryGetValue(id, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}

/// <summary>Checks what was entered against a form's fields; shared by every procedure's form and the deferral's.</summary>
public static class ProcedureFields
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyy.M.d", "yyyyMMdd"];

    private static readonly string[] MonthFormats = ["yyyy-MM", "yyyy/M", "yyyy-M", "yyyy.M", "yyyyMM"];

    public static FieldCheck Check(IEnumerable<ProcedureField> fields, IReadOnlyDictionary<string, string?> entered)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(entered);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var dates = new Dictionary<string, DateOnly>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var raw = entered.TryGetValue(field.Id, out var v) ? v : null;
            var text = field.Type == FieldType.LongText ? LongText(raw) : TextNormalization.Text(raw);
            values[field.Id] = text;
            if (text.Length == 0)
            {
                if (field.Required)
                {
                    errors[field.Id] = field.Type == FieldType.Choice
                        ? Ui.Text("{0}を選んでください。", Ui.Text(field.Label))
                        : Ui.Text("{0}を入力してください。", Ui.Text(field.Label));
                }

                continue;
            }

            if (Error(field, text, values, dates) is { } error)
            {
                errors[field.Id] = error;
            }
        }

        return new FieldCheck(values, errors, dates);
    }

    /// <summary>The error of one non-empty value, after which <paramref name="values"/> holds its kept form.</summary>
    private static string? Error(ProcedureField field, string text, Dictionary<string, string> values, Dictionary<string, DateOnly> dates)
    {
        var label = Ui.Text(field.Label);
        switch (field.Type)
        {
            case FieldType.Date:
                if (!TryParseDate(text, out var date))
                {
                    return Ui.Text("{0}は「2023-03-31」の形で、正しい日付を入力してください。", label);
                }

                if (field.Latest is { } latest && date > latest)
                {
                    return Ui.Text("{0}は{1}以前の日付を入力してください。", label, Wareki.Date(latest));
                }

                if (field.Earliest is { } earliest && date < earliest)
                {
                    return Ui.Text("{0}は{1}以降の日付を入力してください。", label, Wareki.Date(earliest));
                }

                values[field.Id] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                dates[field.Id] = date;
                return null;

            case FieldType.Month:
                if (!TryParseMonth(text, out var month))
                {
                    return Ui.Text("{0}は「2027-04」の形で、正しい年月を入力してください。", label);
                }

                values[field.Id] = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
                dates[field.Id] = month;
                return null;

            case FieldType.Number:
                if (!int.TryParse(text.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    return Ui.Text("{0}は半角数字で入力してください。", label);
                }

                if ((field.Min is { } min && number < min) || (field.Max is { } max && number > max))
                {
                    return Ui.Text("{0}は{1}から{2}までの数で入力してください。", label, field.Min ?? 0, field.Max ?? int.MaxValue);
                }

                values[field.Id] = number.ToString(CultureInfo.InvariantCulture);
                return null;

            case FieldType.Choice:
                // Compared as normalised (NFKC makes the choices' full-width brackets half-width), kept as configured.
                var chosen = field.Choices.FirstOrDefault(c => TextNormalization.Text(c) == text);
                if (chosen is null)
                {
                    return Ui.Text("{0}は一覧から選んでください。", label);
                }

                values[field.Id] = chosen;
                return null;

            case FieldType.PostalCode:
                var postal = TextNormalization.PostalCode(text, out var postalError);
                if (postalError is not null)
                {
                    return Ui.Text("{0}は7桁の数字で入力してください（例: 100-0013）。", label);
                }

                values[field.Id] = postal;
                return null;

            case FieldType.Phone:
                var phone = TextNormalization.Phone(text, out var phoneError);
                if (phoneError is not null)
                {
                    return Ui.Text("{0}は数字とハイフンで入力してください（例: 03-1234-5678）。", label);
                }

                values[field.Id] = phone;
                return null;

            case FieldType.Email:
                return text.Length <= 254 && MailAddress.TryCreate(text, out var address) && address.Address == text && text.Contains('.', StringComparison.Ordinal)
                    ? null
                    : Ui.Text("{0}は正しいメールアドレスの形で入力してください。", label);

            default:
                var length = new StringInfo(text).LengthInTextElements;
                if (field.MinLength > 0 && length < field.MinLength)
                {
                    return Ui.Text("{0}は{1}文字以上で具体的に入力してください（現在{2}文字）。", label, field.MinLength, length);
                }

                return length > field.MaxLength ? Ui.Text("{0}は{1}文字以内で入力してください（現在{2}文字）。", label, field.MaxLength, length) : null;
        }
    }

    public static bool TryParseDate(string? text, out DateOnly date)
    {
        var normalized = TextNormalization.Text(text).Replace("年", "-", StringComparison.Ordinal).Replace("月", "-", StringComparison.Ordinal).TrimEnd('日');
        return DateOnly.TryParseExact(normalized, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    /// <summary>A month, as its first day.</summary>
    public static bool TryParseMonth(string? text, out DateOnly month)
    {
        var normalized = TextNormalization.Text(text).Replace("年", "-", StringComparison.Ordinal).TrimEnd('月');
        return DateOnly.TryParseExact(normalized, MonthFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out month);
    }

    /// <summary>The entries as the check page, the copy and the operator show them.</summary>
    public static List<FiledField> Describe(IEnumerable<ProcedureField> fields, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(values);
        var described = new List<FiledField>();
        foreach (var field in fields)
        {
            var value = values.GetValueOrDefault(field.Id, string.Empty);
            if (value.Length == 0)
            {
                described.Add(new FiledField(field.Label, "（未記入）", Choice: true, Private: field.Private));
            }
            else if (field.Type == FieldType.Date && TryParseDate(value, out var date))
            {
                described.Add(new FiledField(field.Label, Wareki.Date(date), Private: field.Private));
            }
            else if (field.Type == FieldType.Month && TryParseMonth(value, out var month))
            {
                described.Add(new FiledField(field.Label, Wareki.Month(month), Private: field.Private));
            }
            else if (field.Type == FieldType.PostalCode && value.Length == 7)
            {
                described.Add(new FiledField(field.Label, $"〒{value[..3]}-{value[3..]}", Private: field.Private));
            }
            else
            {
                described.Add(new FiledField(field.Label, value, Choice: field.Type == FieldType.Choice, Private: field.Private));
            }
        }

        return described;
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
