using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using OnshiPortal.Features.Account;

namespace OnshiPortal.Features.People;

/// <summary>
/// Applies <see cref="InstitutionPageAttribute"/>: the person acting is resolved (from the database, at every
/// request, so that a role changed or a person removed a second ago counts now) and a missing right is 403.
/// Back-office staff are sent to their menu; a vendor's person who has not chosen an institution, to the list of
/// those that delegated to them.
/// </summary>
public sealed class InstitutionAccessFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var rule = context.HandlerMethod?.MethodInfo.GetCustomAttribute<InstitutionPageAttribute>()
            ?? context.HandlerInstance.GetType().GetCustomAttribute<InstitutionPageAttribute>();
        if (rule is null)
        {
            await next();
            return;
        }

        var http = context.HttpContext;
        var access = await http.RequestServices.GetRequiredService<InstitutionAccesses>().ResolveAsync(http);
        if (access is null)
        {
            var get = HttpMethods.IsGet(http.Request.Method);
            if (rule.Operators && Roles.IsOperating(http.User))
            {
                await next();
            }
            else if (get && Roles.AreBackOffice(http.User.Claims.Where(c => c.Type == System.Security.Claims.ClaimTypes.Role).Select(c => c.Value)))
            {
                context.Result = new RedirectResult("/operator");
            }
            else if (get && http.User.HasClaim(c => c.Type == InstitutionAccesses.VendorClaim))
            {
                context.Result = new RedirectResult("/vendor");
            }
            else
            {
                context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
            }

            return;
        }

        if (!access.May(rule.Right, rule.Procedure))
        {
            context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
            return;
        }

        await next();
    }
}
