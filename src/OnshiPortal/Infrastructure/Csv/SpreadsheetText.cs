using System.Buffers;

namespace OnshiPortal.Infrastructure.Csv;

/// <summary>
/// Text cells of CSV files meant for Excel, protected against formula injection (OWASP "CSV Injection"): a cell
/// that starts like a formula (<c>= + - @</c>, tab, CR, or their full-width forms, which Japanese Excel also reads
/// as formulas) gets a leading <c>'</c>, which Excel reads as "this cell is text". Names typed by self-registrants
/// and operators reach these files, so every text cell of every such file goes through <see cref="Protect"/>.
/// <para>
/// A value that itself starts with <c>'</c> is prefixed too, so the mapping is one to one and
/// <see cref="Unprotect"/> gives back exactly what was protected: <c>institutions export</c> → <c>import</c> is
/// exact, and a legitimate <c>-</c> (a phone number typed as a dash) survives the trip.
/// </para>
/// </summary>
public static class SpreadsheetText
{
    public const char Escape = '\'';

    private static readonly SearchValues<char> Triggers = SearchValues.Create("=+-@\t\r'＝＋－＠");

    /// <summary>The value as a cell Excel shows as text: <c>'</c> in front when it starts with a trigger.</summary>
    public static string Protect(string? value) =>
        string.IsNullOrEmpty(value) ? string.Empty
        : Triggers.Contains(value[0]) ? Escape + value
        : value;

    /// <summary>The inverse of <see cref="Protect"/>: removes one <c>'</c> only when a trigger follows it.</summary>
    public static string Unprotect(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length >= 2 && value[0] == Escape && Triggers.Contains(value[1]) ? value[1..] : value;
    }
}
