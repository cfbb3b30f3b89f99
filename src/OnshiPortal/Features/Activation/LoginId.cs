using System.Globalization;
using OnshiPortal.Features.Institutions;

namespace OnshiPortal.Features.Activation;

/// <summary>The temporary login ID, <c>{医療機関等コード}@{NN}</c>: the NN shows at a glance which letter is the latest.</summary>
public static class LoginId
{
    /// <summary>Ten digits, '@', and room for a three-digit NN should an institution ever need a hundredth letter.</summary>
    public const int MaxLength = 14;

    public static string Format(string institutionCode, int sequence) =>
        $"{institutionCode}@{sequence.ToString("00", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// What a person typed, as stored: NFKC turns the full-width '＠' and digits of a Japanese input method into
    /// ASCII, and spaces around it are dropped.
    /// </summary>
    public static string Normalize(string? input) =>
        string.IsNullOrEmpty(input) ? string.Empty : TextNormalization.Nfkc(input).Trim();
}
