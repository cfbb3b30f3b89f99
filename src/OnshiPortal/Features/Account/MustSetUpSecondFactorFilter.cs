using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace OnshiPortal.Features.Account;

/// <summary>
/// Operators and admins reach personal data of every institution: a password alone is not enough. One who has
/// neither an authenticator app nor a passkey is signed in, but every page except the second-factor set-up (and
/// logout) sends them there. Runs after <see cref="MustChangePasswordFilter"/>: a printed password is replaced first.
/// </summary>
public sealed class MustSetUpSecondFactorFilter : IAsyncPageFilter
{
    private static readonly string[] Allowed =
    [
        "/Account/TwoFactor", "/Account/EnableAuthenticator", "/Account/ChangePassword", "/Account/Logout", "/Errors/Error",
    ];

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var user = context.HttpContext.User;
        if (user.HasClaim(PortalClaimsPrincipalFactory.MustSetUpSecondFactorClaim, "true")
            && !Allowed.Contains(context.ActionDescriptor.ViewEnginePath, StringComparer.Ordinal))
        {
            context.Result = new RedirectToPageResult("/Account/TwoFactor");
            return;
        }

        await next();
    }
}
