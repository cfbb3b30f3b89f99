using System.Text;

namespace OnshiPortal.Features.Institutions;

/// <summary>
/// A master file was to be written in Shift_JIS, and a field holds a character CP932 does not have (𠮷, emoji, …).
/// Writing '?' instead would corrupt the master silently, so writing stops and says where.
/// </summary>
public sealed class ShiftJisEncodingException : Exception
{
    public ShiftJisEncodingException()
    {
    }

    public ShiftJisEncodingException(string message)
        : base(message)
    {
    }

    public ShiftJisEncodingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ShiftJisEncodingException(string institutionCode, string column, string character, Exception? innerException)
        : base(Describe(institutionCode, column, character), innerException)
    {
        InstitutionCode = institutionCode;
        Column = column;
        Character = character;
    }

    /// <summary>The 医療機関等コード of the row.</summary>
    public string InstitutionCode { get; } = string.Empty;

    /// <summary>The Japanese header of the column.</summary>
    public string Column { get; } = string.Empty;

    /// <summary>The character (a surrogate pair is one character).</summary>
    public string Character { get; } = string.Empty;

    private static string Describe(string code, string column, string character)
    {
        var codePoint = character.EnumerateRunes().FirstOrDefault(Rune.ReplacementChar).Value;
        return $"医療機関等コード {code} の「{column}」に Shift_JIS で表せない文字「{character}」(U+{codePoint:X4}) があります。" +
            "UTF-8 で出力するか、その文字を置き換えてください。";
    }
}
