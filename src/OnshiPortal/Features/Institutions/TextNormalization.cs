using System.Text;

namespace OnshiPortal.Features.Institutions;

/// <summary>
/// The one way text from the master file and from search boxes is made comparable: NFKC (full-width ASCII and
/// half-width katakana become their ordinary forms), trimmed, and single spaces.
/// </summary>
public static class TextNormalization
{
    public const int PostalCodeLength = 7;

    /// <summary>NFKC, trimmed, and every run of whitespace inside (newlines included) made one space.</summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        // A master file has millions of fields and nearly all are already normal: checking is far cheaper than
        // normalising, and the string is kept as it is, without a copy.
        if (IsAlreadyNormal(value))
        {
            return value;
        }

        return CollapseWhitespace(Nfkc(value));
    }

    /// <summary>
    /// NFKC that never throws: a lone surrogate half (which no encoder reads in, but a string built in code or a
    /// file read with a lenient decoder may hold) becomes U+FFFD, and the rest is normalised. .NET's Normalize throws
    /// ArgumentException on it, which would be a 500 where the person should get a field error (found by fuzzing).
    /// </summary>
    public static string Nfkc(string value)
    {
        try
        {
            return value.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            var chars = value.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(chars[i]))
                {
                    chars[i] = '\uFFFD';
                }
            }

            return new string(chars).Normalize(NormalizationForm.FormKC);
        }
    }

    /// <summary>A reading (名称カナ): as <see cref="Text"/>, with hiragana turned into katakana.</summary>
    public static string Kana(string? value) => Katakana(Text(value));

    /// <summary>Hiragana turned into katakana, nothing else: for text that is already normalised.</summary>
    public static string Katakana(string text)
    {
        var first = text.AsSpan().IndexOfAnyInRange('\u3041', '\u309E');
        if (first < 0)
        {
            return text;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = ToKatakana(source[i]);
            }
        });
    }

    /// <summary>
    /// 郵便番号 as seven digits. 〒, full-width digits, spaces and any dash are accepted; anything else, or other
    /// than seven digits, is refused with the reason in Japanese.
    /// </summary>
    public static string PostalCode(string? value, out string? error)
    {
        var text = Text(value);
        if (text.Length == PostalCodeLength && text.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
        {
            error = null;
            return text;
        }

        var span = text.AsSpan();
        if (span.StartsWith('〒'))
        {
            span = span[1..];
        }

        Span<char> digits = stackalloc char[PostalCodeLength];
        var count = 0;
        var foreign = false;
        foreach (var c in span)
        {
            if (char.IsAsciiDigit(c))
            {
                if (count < PostalCodeLength)
                {
                    digits[count] = c;
                }

                count++;
            }
            else if (!InstitutionCode.IsSeparator(c))
            {
                foreign = true;
            }
        }

        if (count == 0 && !foreign)
        {
            error = "郵便番号を入力してください。";
            return string.Empty;
        }

        if (foreign || count != PostalCodeLength)
        {
            error = $"郵便番号「{text}」は7桁の数字で入力してください（例: 100-0001）。";
            return string.Empty;
        }

        error = null;
        return new string(digits);
    }

    /// <summary>
    /// 電話番号 as printed, every kind of dash made '-': digits and hyphens only, 10 or 11 digits from the 0 of the
    /// area code. Empty is allowed (not every institution gives one) and returns "".
    /// </summary>
    public static string Phone(string? value, out string? error)
    {
        var text = Text(value);
        error = null;
        if (text.Length == 0)
        {
            return string.Empty;
        }

        var digits = 0;
        var foreign = false;
        var misplacedHyphen = false;
        var otherDashes = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (IsDash(c))
            {
                otherDashes |= c != '-';
                misplacedHyphen |= i == 0 || i == text.Length - 1 || IsDash(text[i - 1]);
            }
            else
            {
                foreign = true;
            }
        }

        if (foreign)
        {
            error = $"電話番号「{text}」は数字とハイフン（-）だけで入力してください。";
        }
        else if (misplacedHyphen)
        {
            error = $"電話番号「{text}」のハイフン（-）の位置が正しくありません。";
        }
        else if (digits is < 10 or > 11)
        {
            error = $"電話番号は市外局番から10桁または11桁で入力してください（{digits}桁です）。";
        }
        else if (text[0] != '0')
        {
            error = $"電話番号「{text}」は0で始まる市外局番から入力してください。";
        }

        if (error is not null)
        {
            return string.Empty;
        }

        return otherDashes
            ? string.Create(text.Length, text, static (span, source) =>
            {
                for (var i = 0; i < source.Length; i++)
                {
                    span[i] = IsDash(source[i]) ? '-' : source[i];
                }
            })
            : text;
    }

    /// <summary>The digits of a phone number alone (full-width ones too), for searching by number.</summary>
    public static string PhoneDigits(string? phone)
    {
        if (string.IsNullOrEmpty(phone))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(phone.Length);
        foreach (var c in phone)
        {
            if (char.IsAsciiDigit(c))
            {
                builder.Append(c);
            }
            else if (c is >= '０' and <= '９')
            {
                builder.Append((char)(c - '０' + '0'));
            }
        }

        return builder.ToString();
    }

    /// <summary>The dashes of <see cref="InstitutionCode.IsSeparator"/> (ー, ‐, −, …), but not its spaces.</summary>
    private static bool IsDash(char c) => !char.IsWhiteSpace(c) && InstitutionCode.IsSeparator(c);

    private static char ToKatakana(char c) => c switch
    {
        >= '\u3041' and <= '\u3096' => (char)(c + 0x60),
        'ゝ' => 'ヽ',
        'ゞ' => 'ヾ',
        _ => c,
    };

    private static bool IsAlreadyNormal(string value)
    {
        if (value[0] == ' ' || value[^1] == ' ')
        {
            return false;
        }

        var previous = '\0';
        foreach (var c in value)
        {
            if (c == ' ' ? previous == ' ' : !IsNfkcStable(c))
            {
                return false;
            }

            previous = c;
        }

        return true;
    }

    /// <summary>
    /// Characters that NFKC leaves alone whatever surrounds them, covering what a master file is made of: printable
    /// ASCII, hiragana, katakana, the CJK ideographs and the common Japanese punctuation. None of them combines with
    /// a neighbour, so a string of them alone is already in NFKC. Anything else goes the slow way.
    /// </summary>
    private static bool IsNfkcStable(char c) => c switch
    {
        >= '!' and <= '~' => true,
        >= '\u3041' and <= '\u3096' => true, // ぁ..ゖ
        >= '\u30A1' and <= '\u30FA' => true, // ァ..ヺ
        '\u30FB' or '\u30FC' => true, // ・ ー
        >= '\u3001' and <= '\u3002' => true, // 、 。
        >= '\u3005' and <= '\u3007' => true, // 々 〆 〇
        >= '\u3008' and <= '\u3011' => true, // 〈〉《》「」『』【】
        >= '\u3400' and <= '\u4DBF' => true, // CJK extension A
        >= '\u4E00' and <= '\u9FFF' => true, // CJK unified ideographs
        _ => false,
    };

    private static string CollapseWhitespace(string value)
    {
        Span<char> buffer = value.Length <= 256 ? stackalloc char[value.Length] : new char[value.Length];
        var written = 0;
        var pendingSpace = false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = written > 0;
                continue;
            }

            if (pendingSpace)
            {
                buffer[written++] = ' ';
                pendingSpace = false;
            }

            buffer[written++] = c;
        }

        var result = buffer[..written];
        return result.SequenceEqual(value) ? value : new string(result);
    }
}
