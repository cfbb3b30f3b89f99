using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace OnshiPortal.Infrastructure.Web;

/// <summary>
/// Behind nginx the connection comes from the load balancer: the client's address and scheme arrive in
/// <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c>, believed only from the addresses in
/// <c>ForwardedHeaders:KnownProxies</c> (comma-separated). The rate limit, the login throttle and the audit use the
/// address; HSTS the scheme.
/// </summary>
public static class ForwardedHeadersSetup
{
    public const string KnownProxiesKey = "ForwardedHeaders:KnownProxies";

    public static void AddPortalForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = KnownProxies(configuration);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = 1; // nginx overwrites the header: one hop, its own
            o.KnownProxies.Clear(); // not even loopback by default: only what the operator named
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(proxy);
            }
        });
    }

    public static void UsePortalForwardedHeaders(this WebApplication app)
    {
        // With no known proxy the middleware must not run at all: with both lists empty it would believe anyone.
        if (KnownProxies(app.Configuration).Count > 0)
        {
            app.UseForwardedHeaders();
        }
    }

    private static List<IPAddress> KnownProxies(IConfiguration configuration) =>
        [.. (configuration[KnownProxiesKey] ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(address => IPAddress.TryParse(address, out var ip)
                ? ip
                : throw new InvalidOperationException($"{KnownProxiesKey}: '{address}' is not an IP address."))];
}
