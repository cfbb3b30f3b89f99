using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.People;

/// <summary>
/// Only an active person gets a session. Every way in (password, second factor, passkey, recovery code) ends in the
/// application cookie's <c>OnSigningIn</c>: there an active person's last login is kept, and anybody else's principal
/// is marked, so that the first page signs them out again and says why. The mark is set only after the password or
/// the passkey was right: a stranger typing an address learns nothing of its state.
/// Sessions already open when a person is suspended or removed are ended by deleting their rows (ServerSessions).
/// </summary>
public sealed class PersonGate : IAsyncPageFilter
{
    public const string StoppedClaim = "onshi:stopped";

    public static async Task OnSigningInAsync(CookieSigningInContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId || context.Principal.Identity is not ClaimsIdentity identity)
        {
            return;
        }

        var services = context.HttpContext.RequestServices;
        var db = services.GetRequiredService<PortalDbContext>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var state = await db.Users.Where(u => u.Id == userId).Select(u => (PersonState?)u.State).FirstOrDefaultAsync(context.HttpContext.RequestAborted);
        if (state is PersonState.Active)
        {
            await db.Users.Where(u => u.Id == userId)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastLoginAt, now).SetProperty(u => u.InactivityWarnedAt, (DateTimeOffset?)null), context.HttpContext.RequestAborted);
        }
        else if (state is { } stopped)
        {
            identity.AddClaim(new Claim(StoppedClaim, stopped.ToString()));
        }
    }

    /// <summary>What the login page says to a person sent back by the gate.</summary>
    public static string? NoticeOf(string? notice) => notice switch
    {
        nameof(PersonState.Suspended) => "このアカウントは利用が停止されています。医療機関等の管理者、またはコールセンターにお問い合わせください。",
        nameof(PersonState.Dormant) => "6か月以上ログインがなかったため、このアカウントは休止しています。医療機関等の管理者、またはコールセンターに解除を依頼してください。",
        nameof(PersonState.Removed) => "このアカウントは医療機関等の管理者によって削除されました。",
        _ => null,
    };

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.HttpContext.User.FindFirstValue(StoppedClaim) is { } state)
        {
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            context.Result = new RedirectResult("/login?notice=" + Uri.EscapeDataString(state));
            return;
        }

        await next();
    }
}
