namespace OnshiPortal.Features.Institutions;

/// <summary>The dates of the master file: yyyy-MM-dd as written, and what Excel and people also produce.</summary>
internal static class CsvDate
{
    public const string Format = "yyyy-MM-dd";

    /// <summary>Accepts yyyy-MM-dd, yyyy/MM/dd, yyyy/M/d (either separator) and yyyyMMdd; nothing else.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        int year, month, day;
        if (text.Length == 8 && text.IndexOfAnyExceptInRange('0', '9') < 0)
        {
            year = Number(text[..4]);
            month = Number(text[4..6]);
            day = Number(text[6..]);
        }
        else
        {
            if (text.Length < 8 || text[4] is not ('-' or '/'))
            {
                return false;
            }

            var separator = text[4];
            var rest = text[5..];
            var second = rest.IndexOf(separator);
            if (second is < 1 or > 2 || rest.Length - second - 1 is < 1 or > 2)
            {
                return false;
            }

            year = Number(text[..4]);
            month = Number(rest[..second]);
            day = Number(rest[(second + 1)..]);
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>The value of ASCII digits, or -1 when there is anything else.</summary>
    private static int Number(ReadOnlySpan<char> digits)
    {
        var value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return -1;
            }

            value = value * 10 + (c - '0');
        }

        return value;
    }
}
