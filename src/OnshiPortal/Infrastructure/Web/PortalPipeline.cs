using System.Diagnostics;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Status;
using OnshiPortal.Infrastructure.Observability;

namespace OnshiPortal.Infrastructure.Web;

public static class PortalPipeline
{
    public static void UsePortal(this WebApplication app)
    {
        app.UsePortalForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.UseRequestId();
        app.UseRequestLocalization(); // before anything renders a page, the error pages included
        app.UseSecurityHeaders();
        app.UseHttpsOnly();
        app.UseRouting();
        app.UseClusterFormLimits();
        app.UseRateLimiter();
        app.UseUnreadableFormsAsBadRequest();
        app.UseFreshSessionAtLogin();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapPortalHealth();
        app.MapStatus();
        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        app.RequireStaticAssets();
    }

    /// <summary>
    /// Tells the client the request's id: the trace id that every log line of the request carries (JSON logs' scope
    /// TraceId) and that nginx writes to its access log, so a support call or an error report finds its lines.
    /// </summary>
    private static void UseRequestId(this WebApplication app) => app.Use(async (context, next) =>
    {
        context.Response.Headers["X-Request-Id"] = RequestIdOf(context);
        await next();
    });

    /// <summary>The request's id as the response's <c>X-Request-Id</c> gives it (the error page shows it too).</summary>
    public static string RequestIdOf(HttpContext context) => Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier;

    /// <summary>
    /// Only the portal's own scripts and styles run (no CDN, no inline script): the portal lives on closed networks,
    /// and a strict policy takes the sting out of any markup injection.
    /// </summary>
    private static void UseSecurityHeaders(this WebApplication app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        headers.XFrameOptions = "DENY";
        await next();
    });
}
