using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace OnshiPortal.Features.Account;

/// <summary>
/// The session cookie slides (8 hours of inactivity end it) but also has an absolute cap: 12 hours after the
/// login, however active, the person logs in again. The login time rides in a claim that survives the security
/// stamp's refresh of the principal.
/// </summary>
public static class SessionLifetime
{
    public const string SignedInAtClaim = "onshi:signed_in_at";
    public static readonly TimeSpan Sliding = TimeSpan.FromHours(8);
    public static readonly TimeSpan Absolute = TimeSpan.FromHours(12);

    public static Claim SignedInAt(DateTimeOffset now) =>
        new(SignedInAtClaim, now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64);

    /// <summary>The login time the principal carries, if any.</summary>
    public static DateTimeOffset? SignedInAtOf(ClaimsPrincipal? principal) =>
        principal?.FindFirstValue(SignedInAtClaim) is { } value && long.TryParse(value, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>Cookie event: past the cap the principal is refused; otherwise Identity's security stamp check runs.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var clock = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
        var value = context.Principal?.FindFirstValue(SignedInAtClaim);
        if (value is not null && long.TryParse(value, CultureInfo.InvariantCulture, out var seconds)
            && clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) > Absolute)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    /// <summary>The refreshed principal keeps the original login time (otherwise every refresh would restart the cap).</summary>
    public static Task KeepSignedInAt(SecurityStampRefreshingPrincipalContext context)
    {
        var original = context.CurrentPrincipal?.FindFirst(SignedInAtClaim);
        if (original is not null && context.NewPrincipal?.Identity is ClaimsIdentity identity)
        {
            foreach (var fresh in identity.FindAll(SignedInAtClaim).ToList())
            {
                identity.RemoveClaim(fresh);
            }

            identity.AddClaim(new Claim(SignedInAtClaim, original.Value, original.ValueType));
        }

        return Task.CompletedTask;
    }
}
