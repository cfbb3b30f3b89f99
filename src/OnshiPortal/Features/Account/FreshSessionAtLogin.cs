using Microsoft.Net.Http.Headers;

namespace OnshiPortal.Features.Account;

/// <summary>
/// A login always starts a session under a new key. ASP.NET Core's cookie handler, signing in over a live session,
/// keeps that session's key (dotnet/aspnetcore#22135) and only renews its ticket: someone who planted their own
/// session cookie in a victim's browser would then hold the victim's session once the victim logs in (session
/// fixation, ASVS 3.2.1). The pages that sign someone in therefore reach the handler without the session cookie, so
/// it stores the ticket under a key of its own; a planted or earlier session is left to its own owner and expiry.
/// Their GETs too: the antiforgery token of the form must be an anonymous one, as the post will be.
/// </summary>
public static class FreshSessionAtLogin
{
    public const string CookieName = "onshi.auth";

    private static readonly string[] SignInPaths = ["/login", "/register/form"];

    public static void UseFreshSessionAtLogin(this WebApplication app) => app.Use(async (context, next) =>
    {
        if (SignInPaths.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
            && context.Request.Headers.Cookie.Count > 0)
        {
            var kept = CookieHeaderValue.ParseList(context.Request.Headers.Cookie)
                .Where(c => !c.Name.Equals(CookieName, StringComparison.Ordinal) && !c.Name.StartsWith(CookieName + "C", StringComparison.Ordinal))
                .Select(c => c.ToString());
            context.Request.Headers.Cookie = string.Join("; ", kept);
        }

        await next();
    });
}
