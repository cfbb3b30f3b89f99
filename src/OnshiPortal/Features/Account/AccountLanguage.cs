using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Account;

/// <summary>
/// Keeps <see cref="PortalUser.Language"/> as the language the person last chose: at every sign-in (the page's
/// language then) and when they switch while logged in. A mail sent to them from somebody else's request (an
/// operator accepting their filing) or from a background job is written in it.
/// </summary>
public static class AccountLanguage
{
    /// <summary>The application cookie's <c>OnSigningIn</c>: every way in (password, second factor, passkey, registration) passes here.</summary>
    public static Task OnSigningInAsync(CookieSigningInContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId
            ? RememberAsync(context.HttpContext.RequestServices.GetRequiredService<PortalDbContext>(), userId, Languages.Current, context.HttpContext.RequestAborted)
            : Task.CompletedTask;
    }

    /// <summary>One UPDATE that writes only when the language changed, so that a login costs no write otherwise.</summary>
    public static Task RememberAsync(PortalDbContext db, string userId, string language, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Users.Where(u => u.Id == userId && u.Language != language)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Language, language), cancellationToken);
    }
}
