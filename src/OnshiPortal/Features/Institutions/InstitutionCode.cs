using System.Text;

namespace OnshiPortal.Features.Institutions;

/// <summary>
/// 医療機関等コード: 都道府県番号 (2) + 点数表番号 (1) + 郡市区番号 (2) + 医療機関番号 (4) + 検証番号 (1).
/// </summary>
/// <remarks>
/// The check digit (検証番号) follows the ministry's rule for 医療機関コード, which is the same "2-1" modulus-10
/// rule (Luhn) that 保険者番号設定要領 prescribes for insurer numbers: over the nine digits before it, multiply
/// from the rightmost digit by 2, 1, 2, 1, ..., add the digits of each product (12 counts as 1 + 2), and the
/// check digit is 10 minus the last digit of the sum, or 0 when that last digit is 0.
/// A published example: 0110113719 is valid.
/// </remarks>
public readonly record struct InstitutionCode
{
    public const int Length = 10;

    private InstitutionCode(string value) => Value = value;

    /// <summary>The ten ASCII digits.</summary>
    public string Value { get; }

    /// <summary>都道府県番号, 1 to 47 (JIS X 0401 order).</summary>
    public int Prefecture => (Value[0] - '0') * 10 + (Value[1] - '0');

    /// <summary>点数表番号 as the kind of institution.</summary>
    public InstitutionKind Kind => (InstitutionKind)(Value[2] - '0');

    public override string ToString() => Value ?? string.Empty;

    public static InstitutionCode Parse(string? input) =>
        TryParse(input, out var code, out var error) ? code : throw new FormatException(error);

    /// <summary>
    /// Parses what a person typed: full-width digits, spaces and hyphens are accepted (NFKC and the dashes
    /// people type in Japanese text); anything else is refused with the reason in Japanese.
    /// </summary>
    public static bool TryParse(string? input, out InstitutionCode code, out string? error)
    {
        code = default;
        var digits = DigitsOf(input, out var foreign);
        if (digits.Length == 0 && !foreign)
        {
            error = "医療機関等コードを入力してください。";
            return false;
        }

        if (foreign)
        {
            error = "医療機関等コードは数字10桁で入力してください（数字以外の文字が含まれています）。";
            return false;
        }

        if (digits.Length != Length)
        {
            error = $"医療機関等コードは数字10桁で入力してください（{digits.Length}桁です）。";
            return false;
        }

        var prefecture = (digits[0] - '0') * 10 + (digits[1] - '0');
        if (prefecture is < 1 or > 47)
        {
            error = $"医療機関等コードの都道府県番号「{digits[..2]}」は存在しません（01〜47）。";
            return false;
        }

        if (digits[2] is not ('1' or '3' or '4'))
        {
            error = $"医療機関等コードの点数表番号「{digits[2]}」は存在しません（1 医科、3 歯科、4 調剤）。";
            return false;
        }

        var expected = CheckDigit(digits.AsSpan(0, 9));
        if (digits[9] - '0' != expected)
        {
            error = "医療機関等コードの検証番号が正しくありません。入力に誤りがないかご確認ください。";
            return false;
        }

        code = new InstitutionCode(digits);
        error = null;
        return true;
    }

    /// <summary>The 検証番号 for the nine digits before it (the 2-1 modulus-10 rule above).</summary>
    public static int CheckDigit(ReadOnlySpan<char> nineDigits)
    {
        if (nineDigits.Length != 9)
        {
            throw new ArgumentException("nine digits are needed", nameof(nineDigits));
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var digit = nineDigits[8 - i] - '0';
            if (digit is < 0 or > 9)
            {
                throw new ArgumentException("digits only", nameof(nineDigits));
            }

            var product = i % 2 == 0 ? digit * 2 : digit;
            sum += product / 10 + product % 10;
        }

        var last = sum % 10;
        return last == 0 ? 0 : 10 - last;
    }

    /// <summary>Builds a code from its parts, computing the check digit (for generated data).</summary>
    public static InstitutionCode Create(int prefecture, InstitutionKind kind, int district, int number)
    {
        var nine = $"{prefecture:00}{(int)kind}{district:00}{number:0000}";
        return Parse(nine + CheckDigit(nine).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The digits of a partial or full code as a person typed it (for searching by prefix); null when the
    /// input holds anything but digits, spaces and hyphens.
    /// </summary>
    public static string? NormalizeDigits(string? input)
    {
        var digits = DigitsOf(input, out var foreign);
        return foreign ? null : digits;
    }

    private static string DigitsOf(string? input, out bool foreign)
    {
        foreign = false;
        if (string.IsNullOrWhiteSpace(input))
        {
            return string.Empty;
        }

        // A master file passes hundreds of thousands of codes that are already plain digits: keep those as they are.
        if (input.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0)
        {
            return input;
        }

        var normalized = TextNormalization.Nfkc(input);
        var builder = new StringBuilder(Length);
        foreach (var c in normalized)
        {
            if (c is >= '0' and <= '9')
            {
                builder.Append(c);
            }
            else if (!IsSeparator(c))
            {
                foreign = true;
            }
        }

        return builder.ToString();
    }

    /// <summary>Spaces and the dashes Japanese input methods produce (ー, ‐, −, –, —) are separators.</summary>
    internal static bool IsSeparator(char c) =>
        char.IsWhiteSpace(c) || c is '-' or 'ー' or '‐' or '‑' or '‒' or '–' or '—' or '―' or '−' or 'ｰ';
}
