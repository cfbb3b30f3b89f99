using System.Globalization;
using System.Text;

namespace OnshiPortal.Features.Account;

/// <summary>
/// A password as the portal counts and hashes it: NFKC (a full-width 「ＰＡＳＳ　１２３」 typed with a Japanese IME is
/// the half-width "PASS 123"), runs of white space as one space (ASVS 2.1.3/2.1.7), length in user-perceived
/// characters (grapheme clusters, ASVS 2.1.1: 「が」 or an emoji with its modifiers is one character).
/// </summary>
public static class PasswordText
{
    public static string Normalize(string password)
    {
        var folded = password.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(folded.Length);
        var inSpace = false;
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c))
            {
                if (!inSpace)
                {
                    builder.Append(' ');
                }

                inSpace = true;
            }
            else
            {
                builder.Append(c);
                inSpace = false;
            }
        }

        return builder.ToString();
    }

    /// <summary>User-perceived characters of the normalised password.</summary>
    public static int Length(string password) => new StringInfo(Normalize(password)).LengthInTextElements;
}
