using Microsoft.AspNetCore.Diagnostics;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Infrastructure.Observability;

namespace OnshiPortal.Infrastructure.Web;

/// <summary>
/// With Secure cookies (everywhere but a developer's plain-HTTP localhost) the portal works over HTTPS only:
/// antiforgery refuses to issue a token on a plain-HTTP request, which was a 500 on <c>/login</c>. So a plain-HTTP
/// request is answered before any page runs: GET and HEAD are redirected to the same path on https, anything else
/// (a form posted to http://, whose body must not be replayed or trusted) gets 403 and the Japanese page saying to
/// use https. The health probes stay on plain HTTP, for the monitoring and the load balancer that call the nodes
/// directly.
/// <para>
/// "HTTPS" is the request's scheme after the forwarded headers: <c>X-Forwarded-Proto</c> counts only from the
/// configured proxies (<see cref="ForwardedHeadersSetup"/>), so a client that sends it to a node directly is still
/// on plain HTTP here.
/// </para>
/// </summary>
public static class HttpsOnly
{
    /// <summary>Set on the request's items when it was refused for plain HTTP, for the error page's wording.</summary>
    public const string RefusedItem = "Onshi.PlainHttpRefused";

    public static void UseHttpsOnly(this WebApplication app)
    {
        if (!PortalServices.SecureCookies(app.Configuration, app.Environment))
        {
            return;
        }

        // The redirect goes to the portal's public address when it is an https one (Mail:BaseUrl), not to whatever
        // Host header the client sent: a redirect must not be steerable to another site.
        var baseUrl = app.Configuration.GetSection(MailOptions.Section).Get<MailOptions>()?.BaseUrl;
        var publicHost = Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps ? new HostString(uri.Authority) : (HostString?)null;

        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.IsHttps || Health.IsProbe(request.Path) || context.Features.Get<IStatusCodeReExecuteFeature>() is not null)
            {
                await next();
                return;
            }

            if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            {
                // 307 rather than a permanent redirect: browsers would keep a 301/308 for ever, and HSTS (sent on the
                // https answer) is what makes the browser stay on https from then on.
                var host = publicHost ?? request.Host;
                context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
                context.Response.Headers.Location = $"https://{host.ToUriComponent()}{request.PathBase.ToUriComponent()}{request.Path.ToUriComponent()}{request.QueryString.ToUriComponent()}";
                return;
            }

            context.Items[RefusedItem] = true;
            context.Request.Form = FormCollection.Empty; // the error page runs for this POST: it must not read what came in clear
            context.Response.StatusCode = StatusCodes.Status403Forbidden; // the status code page writes why (Features/Errors)
        });
    }
}
