using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.Institutions;

namespace OnshiPortal.Features.Activation;

/// <summary>
/// A session opened with a temporary credential (仮ID・仮パスワード) is its own authentication scheme with its
/// own short-lived cookie: it reaches アカウント情報編集 and nothing else, since no other page accepts the scheme.
/// </summary>
public static partial class TemporaryLogin
{
    public const string Scheme = "TemporaryLogin";
    public const string CredentialIdClaim = "onshi:credential_id";
    public const string InstitutionCodeClaim = "onshi:institution_code";

    public static AuthenticationBuilder AddTemporaryLogin(this AuthenticationBuilder builder, CookieSecurePolicy securePolicy) =>
        builder.AddCookie(Scheme, options =>
        {
            options.Cookie.Name = "onshi.temp";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = securePolicy;
            options.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            options.SlidingExpiration = true;
            options.LoginPath = "/login";
            options.AccessDeniedPath = "/access-denied";
        });

    /// <summary>Whether what was typed in the login form is a temporary login ID (<c>{code}@{NN}</c>), full-width allowed.</summary>
    public static bool LooksLikeLoginId(string input) => LoginIdPattern().IsMatch(Normalize(input));

    public static string Normalize(string input) => TextNormalization.Nfkc(input).Trim();

    public static ClaimsPrincipal Principal(long credentialId, string loginId, string institutionCode) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, loginId),
                new Claim(CredentialIdClaim, credentialId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(InstitutionCodeClaim, institutionCode),
            ],
            Scheme));

    /// <summary>
    /// The credential was spent, superseded or expired while the session lasted: the session ends and the login page
    /// says why. Every page of the temporary session answers so.
    /// </summary>
    public static async Task<IActionResult> EndAsync(PageModel page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.HttpContext.SignOutAsync(Scheme);
        return page.RedirectToPage("/Account/Login", new { notice = "temporary-ended" });
    }

    public static long CredentialId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(CredentialIdClaim) ?? throw new InvalidOperationException("not a temporary login"), System.Globalization.CultureInfo.InvariantCulture);

    public static string InstitutionCode(this ClaimsPrincipal user) =>
        user.FindFirstValue(InstitutionCodeClaim) ?? throw new InvalidOperationException("not a temporary login");

    [GeneratedRegex(@"^[0-9\- ]{10,14}@[0-9]{2}$")]
    private static partial Regex LoginIdPattern();
}
