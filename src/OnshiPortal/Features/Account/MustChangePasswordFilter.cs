using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace OnshiPortal.Features.Account;

/// <summary>
/// A password printed once on the command line is a hand-over, not a password to keep: until its holder has
/// chosen their own, every page but the change page and logout sends them there.
/// </summary>
public sealed class MustChangePasswordFilter : IAsyncPageFilter
{
    private static readonly string[] Allowed = ["/Account/ChangePassword", "/Account/Logout", "/Errors/Error"];

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var user = context.HttpContext.User;
        if (user.HasClaim(PortalClaimsPrincipalFactory.MustChangePasswordClaim, "true")
            && !Allowed.Contains(context.ActionDescriptor.ViewEnginePath, StringComparer.Ordinal))
        {
            context.Result = new RedirectToPageResult("/Account/ChangePassword");
            return;
        }

        await next();
    }
}
