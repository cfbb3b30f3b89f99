using System.Globalization;

namespace OnshiPortal.Features.Account;

/// <summary>What a password is checked against besides the common-password list: who the account is.</summary>
public sealed record PasswordContext(string? Email = null, string? InstitutionCode = null, string? InstitutionName = null)
{
    public static readonly PasswordContext None = new();
}

/// <summary>
/// The portal's password rules (NIST SP 800-63B §5.1.1.2, ASVS 2.1): at least 12 characters counted after
/// normalisation (<see cref="PasswordText"/>), not a common password even with digits or symbols added around it,
/// and not built from the account's own context — its e-mail or local part, the institution's code or name, the
/// portal's name. "Built from": what is left after taking those words out is under the minimum, so a long passphrase
/// that happens to contain one of them stays allowed.
/// </summary>
public static class PasswordRules
{
    public const int MinimumLength = 12;

    public const string TooShort = "パスワードは12文字以上で入力してください（全角・半角は同じ文字として数えます）。";
    public const string Common = "このパスワードはよく使われていて推測されやすいため使えません。別のパスワードを入力してください。";
    public const string FromContext = "メールアドレス、医療機関等コード・名称、サイト名をもとにしたパスワードは推測されやすいため使えません。別のパスワードを入力してください。";

    /// <summary>Words of the portal itself that anyone would try first.</summary>
    private static readonly string[] PortalWords = ["オンライン資格確認", "オンライン資格", "資格確認", "onshi", "portal", "ポータル"];

    /// <summary>The first rule the password breaks (a Japanese message), or null.</summary>
    public static string? Check(string? password, PasswordContext context)
    {
        if (string.IsNullOrEmpty(password) || PasswordText.Length(password) < MinimumLength)
        {
            return TooShort;
        }

        var text = PasswordText.Normalize(password).ToLowerInvariant();
        if (CommonPasswords.ContainsDecorated(text))
        {
            return Common;
        }

        var rest = text;
        foreach (var word in ContextWords(context).OrderByDescending(w => w.Length))
        {
            rest = rest.Replace(word, string.Empty, StringComparison.Ordinal);
        }

        return rest != text && new StringInfo(rest).LengthInTextElements < MinimumLength ? FromContext : null;
    }

    private static IEnumerable<string> ContextWords(PasswordContext context)
    {
        foreach (var word in PortalWords)
        {
            yield return PasswordText.Normalize(word).ToLowerInvariant();
        }

        if (!string.IsNullOrWhiteSpace(context.Email))
        {
            var email = PasswordText.Normalize(context.Email.Trim()).ToLowerInvariant();
            yield return email;
            var at = email.IndexOf('@', StringComparison.Ordinal);
            if (at >= 3)
            {
                yield return email[..at];
            }
        }

        if (!string.IsNullOrWhiteSpace(context.InstitutionCode))
        {
            yield return PasswordText.Normalize(context.InstitutionCode.Trim());
        }

        if (!string.IsNullOrWhiteSpace(context.InstitutionName))
        {
            var name = PasswordText.Normalize(context.InstitutionName).ToLowerInvariant();
            yield return name;
            yield return name.Replace(" ", string.Empty, StringComparison.Ordinal);
        }
    }
}
