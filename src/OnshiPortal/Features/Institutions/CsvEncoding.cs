using System.Text;

namespace OnshiPortal.Features.Institutions;

/// <summary>The character encoding of a master file. Files come from Excel as Shift_JIS as often as UTF-8.</summary>
public enum CsvEncoding
{
    /// <summary>UTF-8 when the bytes are UTF-8 (with or without a BOM), else Shift_JIS. For writing, UTF-8.</summary>
    Auto = 0,

    Utf8 = 1,

    /// <summary>Shift_JIS as Windows writes it (CP932, with the NEC and IBM extensions such as ①).</summary>
    ShiftJis = 2,
}

public static class CsvEncodings
{
    /// <summary>Reads the names the command line and the upload form use: "auto", "utf8", "sjis" (and common spellings).</summary>
    public static bool TryParse(string? value, out CsvEncoding encoding)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "auto" or "":
                encoding = CsvEncoding.Auto;
                return true;
            case "utf8" or "utf-8":
                encoding = CsvEncoding.Utf8;
                return true;
            case "sjis" or "shift_jis" or "shift-jis" or "cp932" or "windows-31j":
                encoding = CsvEncoding.ShiftJis;
                return true;
            default:
                encoding = CsvEncoding.Auto;
                return false;
        }
    }

    public static CsvEncoding Parse(string? value) =>
        TryParse(value, out var encoding)
            ? encoding
            : throw new FormatException($"文字コード「{value}」は指定できません（auto、utf8、sjis のいずれか）。");

    /// <summary>The name for <see cref="InstitutionCsvReadResult.EncodingName"/> and the import log.</summary>
    public static string DisplayName(this CsvEncoding encoding) => encoding switch
    {
        CsvEncoding.ShiftJis => "Shift_JIS",
        _ => "UTF-8",
    };
}

/// <summary>CP932, which .NET only has once the code pages provider is registered.</summary>
internal static class ShiftJis
{
    public const int CodePage = 932;

    /// <summary>
    /// For writing: refuses a character CP932 lacks instead of the default best fit, which would write '?' or a
    /// look-alike and change the data without a word.
    /// </summary>
    public static Encoding Strict { get; } = Create(EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    /// <summary>For reading: bytes that are not CP932 become U+FFFD, which the row validation reports.</summary>
    public static Encoding Lenient { get; } =
        Create(EncoderFallback.ExceptionFallback, new DecoderReplacementFallback("\uFFFD"));

    private static Encoding Create(EncoderFallback encoderFallback, DecoderFallback decoderFallback)
    {
        // Registering the same provider again is a no-op, so each property may do it.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(CodePage, encoderFallback, decoderFallback);
    }
}
