using System.Net;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// A browser of the portal's public HTTPS address whose requests go to the node the test names, as a load balancer
/// without stickiness may send them: plain HTTP to the node's own port with the headers nginx adds (the node trusts
/// them from 127.0.0.1, ForwardedHeaders:KnownProxies). Cookies are kept here, for the public address, so the
/// same session (its Secure cookies included) follows the browser from node to node.
/// </summary>
public sealed class NodeRouter : DelegatingHandler
{
    private readonly CookieContainer cookies = new();

    public NodeRouter(int port)
        : base(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
    {
        Port = port;
    }

    /// <summary>The portal's public address, which the pages and the cookies belong to.</summary>
    public static Uri Public { get; } = new("https://portal.test/");

    /// <summary>The port of the node that answers the next requests.</summary>
    public int Port { get; set; }

    public static (HttpSession Session, NodeRouter Router) Browser(int port)
    {
        var router = new NodeRouter(port);
        return (new HttpSession(new HttpClient(router) { BaseAddress = Public, Timeout = TimeSpan.FromSeconds(60) }), router);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var address = request.RequestUri!;
        var cookie = cookies.GetCookieHeader(address);
        if (cookie.Length > 0)
        {
            request.Headers.Add("Cookie", cookie);
        }

        request.Headers.Host = address.Authority;
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "192.0.2.10");
        request.RequestUri = new UriBuilder(address) { Scheme = "http", Host = "127.0.0.1", Port = Port }.Uri;
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var set))
        {
            foreach (var header in set)
            {
                cookies.SetCookies(address, header);
            }
        }

        request.RequestUri = address;
        return response;
    }
}
