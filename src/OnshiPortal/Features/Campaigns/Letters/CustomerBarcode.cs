using System.Text;
using OnshiPortal.Features.Institutions;

namespace OnshiPortal.Features.Campaigns.Letters;

/// <summary>The four bars of the customer barcode; each character is three of them.</summary>
public enum BarcodeBar
{
    /// <summary>ロングバー: the full height (long bar).</summary>
    Full,

    /// <summary>セミロングバー (上): the timing bar and the upper half.</summary>
    Ascender,

    /// <summary>セミロングバー (下): the timing bar and the lower half.</summary>
    Descender,

    /// <summary>タイミングバー: the middle third only.</summary>
    Timing,
}

/// <summary>
/// Japan Post カスタマバーコード, from its 郵便番号・バーコードマニュアル
/// (https://www.post.japanpost.jp/zipcode/zipmanual/p12.html format and sizes, p17.html ff. extraction,
/// p21.html check digit): the 7-digit postal code and 13 characters of 住所表示番号 (a letter takes two: a control code
/// and a digit; short numbers are padded with CC4), a check character modulo 19, between a start and a stop code.
/// </summary>
public static class CustomerBarcode
{
    public const int DataLength = 20;
    private const int AddressLength = 13;
    private const string Pad = "CC4";

    /// <summary>The characters in the order of their check value 0–18 (チェックデジット計算対応表).</summary>
    private static readonly string[] Characters =
        ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "-", "CC1", "CC2", "CC3", "CC4", "CC5", "CC6", "CC7", "CC8"];

    /// <summary>
    /// The bars of each character, in the order of <see cref="Characters"/>: 1 long, 2 ascender, 3 descender,
    /// 4 timing (the manual's バーコード体系 table; the same table as zint's JapanTable).
    /// </summary>
    private static readonly string[] Patterns =
    [
        "144", "114", "132", "312", "123", "141", "321", "213", "231", "411",
        "414", "324", "342", "234", "432", "243", "423", "441", "111",
    ];

    private const string StartPattern = "13";
    private const string StopPattern = "31";

    /// <summary>
    /// The 20 data characters (digits, '-', CC1–CC8) followed by the check character: 21 in all. Start and stop are
    /// not characters of the data and are added by <see cref="Bars(string, string)"/>.
    /// </summary>
    public static IReadOnlyList<string> Encode(string postalCode, string address)
    {
        var digits = TextNormalization.Nfkc(postalCode).Replace("-", string.Empty, StringComparison.Ordinal);
        if (digits.Length != 7 || !digits.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("A postal code has seven digits.", nameof(postalCode));
        }

        var data = digits.Select(c => c.ToString()).ToList();
        data.AddRange(AddressCharacters(AddressNumber.Extract(address)));
        while (data.Count < DataLength)
        {
            data.Add(Pad);
        }

        data.Add(CheckCharacter(data));
        return data;
    }

    /// <summary>The 67 bars: start (2), 20 data characters and the check character (3 each), stop (2).</summary>
    public static IReadOnlyList<BarcodeBar> Bars(string postalCode, string address) => Bars(Encode(postalCode, address));

    public static IReadOnlyList<BarcodeBar> Bars(IReadOnlyList<string> characters)
    {
        var pattern = new StringBuilder(StartPattern);
        foreach (var character in characters)
        {
            pattern.Append(Patterns[ValueOf(character)]);
        }

        pattern.Append(StopPattern);
        return pattern.ToString().Select(c => (BarcodeBar)(c - '1')).ToArray();
    }

    /// <summary>The character that makes the sum of all check values a multiple of 19.</summary>
    public static string CheckCharacter(IEnumerable<string> data)
    {
        var sum = data.Sum(ValueOf);
        return Characters[(19 - (sum % 19)) % 19];
    }

    private static int ValueOf(string character)
    {
        var value = Array.IndexOf(Characters, character);
        return value >= 0 ? value : throw new ArgumentException($"'{character}' is not a barcode character.", nameof(character));
    }

    /// <summary>
    /// The 13 characters of the address part. A letter is a control code and a digit (A–J: CC1 0–9, K–T: CC2 0–9,
    /// U–Z: CC3 0–5). What passes 13 is cut; a letter whose control code is the 13th keeps only that code.
    /// </summary>
    private static List<string> AddressCharacters(string addressNumber)
    {
        var result = new List<string>(AddressLength);
        foreach (var c in addressNumber)
        {
            if (result.Count >= AddressLength)
            {
                break;
            }

            if (char.IsAsciiLetterUpper(c))
            {
                var index = c - 'A';
                result.Add($"CC{1 + (index / 10)}");
                if (result.Count < AddressLength)
                {
                    result.Add((index % 10).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            else
            {
                result.Add(c.ToString());
            }
        }

        return result;
    }
}
