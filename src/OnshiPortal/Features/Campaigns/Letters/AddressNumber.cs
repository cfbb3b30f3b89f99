using System.Text;
using OnshiPortal.Features.Institutions;

namespace OnshiPortal.Features.Campaigns.Letters;

/// <summary>
/// 住所表示番号: the numbers of an address after its town name (丁目・番地・号, building and room), as Japan Post's
/// 「バーコードに必要な文字情報の抜き出し法」 extracts them for the customer barcode
/// (https://www.post.japanpost.jp/zipcode/zipmanual/p17.html and the pages after it): 霞が関1丁目3番2号 郵便プラザ503室
/// gives 1-3-2-503.
/// </summary>
/// <remarks>
/// The rules applied, in order: full-width to half-width and upper case (NFKC); &amp; / ・ . are dropped; 漢数字
/// before 丁目・丁・番地・番・号・地割・線・の・ノ become 算用数字 (十一丁目 → 11); any other character, and any run of two
/// or more letters (ABCビル), becomes a hyphen; an F right after a number is a floor (10F) and also becomes a hyphen;
/// hyphens are collapsed, dropped next to a letter (B604) and at both ends.
/// Japan Post cuts the address after the town name by the postal-code table; the portal has no such table, so the
/// number part starts at the first 算用数字, or at the first 漢数字 that the rules above convert. A town name with
/// arabic digits (北1条西) would therefore leak into the number; the master writes such names in 漢数字.
/// </remarks>
public static class AddressNumber
{
    private const string KanjiDigits = "〇一二三四五六七八九";
    private const string KanjiNumerals = "〇一二三四五六七八九十百千";

    /// <summary>The markers after which a 漢数字 is a number of the address, longest first.</summary>
    private static readonly string[] Markers = ["丁目", "番地", "地割", "丁", "番", "号", "線", "の", "ノ"];

    public static string Extract(string address)
    {
        var text = Normalize(address);
        var converted = ConvertKanjiNumbers(text, out var firstKanjiNumber);
        var firstDigit = IndexOfDigit(converted);
        var start = firstKanjiNumber >= 0 && (firstDigit < 0 || firstKanjiNumber < firstDigit) ? firstKanjiNumber : firstDigit;
        return start < 0 ? string.Empty : Reduce(converted[start..]);
    }

    private static string Normalize(string address)
    {
        var builder = new StringBuilder(address.Length);
        foreach (var c in TextNormalization.Nfkc(address))
        {
            if (c is '&' or '/' or '・' or '･' or '.')
            {
                continue;
            }

            builder.Append(char.ToUpperInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary>Replaces each run of 漢数字 that stands before a marker by its value; reports where the first began.</summary>
    private static string ConvertKanjiNumbers(string text, out int firstConverted)
    {
        firstConverted = -1;
        var builder = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (!KanjiNumerals.Contains(text[i], StringComparison.Ordinal))
            {
                builder.Append(text[i++]);
                continue;
            }

            var end = i;
            while (end < text.Length && KanjiNumerals.Contains(text[end], StringComparison.Ordinal))
            {
                end++;
            }

            var run = text[i..end];
            if (Markers.Any(m => string.CompareOrdinal(text, end, m, 0, m.Length) == 0) && TryParseKanji(run, out var value))
            {
                if (firstConverted < 0)
                {
                    firstConverted = builder.Length;
                }

                builder.Append(value);
            }
            else
            {
                builder.Append(run);
            }

            i = end;
        }

        return builder.ToString();
    }

    /// <summary>二十五 → 25, 百一 → 101, and the positional form 一〇一 → 101.</summary>
    internal static bool TryParseKanji(string run, out int value)
    {
        value = 0;
        if (!run.AsSpan().ContainsAny("十百千"))
        {
            foreach (var c in run)
            {
                value = (value * 10) + KanjiDigits.IndexOf(c, StringComparison.Ordinal);
            }

            return run.Length > 0;
        }

        var digit = -1;
        foreach (var c in run)
        {
            var d = KanjiDigits.IndexOf(c, StringComparison.Ordinal);
            if (d >= 0)
            {
                digit = d;
                continue;
            }

            var unit = c switch { '十' => 10, '百' => 100, _ => 1000 };
            value += (digit < 0 ? 1 : digit) * unit;
            digit = -1;
        }

        if (digit >= 0)
        {
            value += digit;
        }

        return true;
    }

    private static int IndexOfDigit(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsAsciiDigit(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Keeps digits, single letters and hyphens; everything else separates numbers.</summary>
    private static string Reduce(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                builder.Append(c);
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                var end = i;
                while (end < text.Length && char.IsAsciiLetterUpper(text[end]))
                {
                    end++;
                }

                var isFloor = c == 'F' && end == i + 1 && i > 0 && char.IsAsciiDigit(text[i - 1]);
                builder.Append(end - i == 1 && !isFloor ? c : '-');
                i = end - 1;
            }
            else
            {
                builder.Append('-');
            }
        }

        return Tidy(builder.ToString());
    }

    private static string Tidy(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '-')
            {
                var previous = builder.Length > 0 ? builder[^1] : '-';
                var next = i + 1 < text.Length ? text[i + 1] : '-';
                if (previous == '-' || next == '-' || char.IsAsciiLetterUpper(previous) || char.IsAsciiLetterUpper(next))
                {
                    continue;
                }
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
