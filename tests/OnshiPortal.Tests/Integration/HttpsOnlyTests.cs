using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using OnshiPortal.Infrastructure.Web;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// With Secure cookies the portal is HTTPS only: a plain-HTTP page request is redirected to https, a plain-HTTP form
/// post gets the Japanese page that says so (not the 500 antiforgery made of it), the probes answer on plain HTTP,
/// and X-Forwarded-Proto counts only from the configured proxy.
/// </summary>
public sealed class HttpsOnlyTests : DataTest
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();

    [Fact]
    public async Task A_plain_http_page_request_is_redirected_to_the_public_https_address()
    {
        await using var app = await StartAppAsync();
        await using var node = app.WithWebHostBuilder(b => b.UseSetting("Mail:BaseUrl", "https://portal.example.jp"));

        // The Host header is the client's: the redirect goes to the configured public address all the same.
        var get = await SendAsync(node, "GET", "/login?id=A%201", host: "evil.example");
        Assert.Equal(StatusCodes.Status307TemporaryRedirect, get.Response.StatusCode);
        Assert.Equal("https://portal.example.jp/login?id=A%201", get.Response.Headers.Location.ToString());
        var head = await SendAsync(node, "HEAD", "/");
        Assert.Equal(StatusCodes.Status307TemporaryRedirect, head.Response.StatusCode);
        Assert.Empty(app.ServerErrors.Entries);
    }

    [Fact]
    public async Task Without_an_https_public_address_the_redirect_keeps_the_host()
    {
        await using var app = await StartAppAsync();
        var get = await SendAsync(app, "GET", "/news");
        Assert.Equal(StatusCodes.Status307TemporaryRedirect, get.Response.StatusCode);
        Assert.Equal("https://portal.example.jp/news", get.Response.Headers.Location.ToString());
    }

    [Fact]
    public async Task A_plain_http_form_post_gets_the_japanese_page_not_a_500_and_reaches_no_page()
    {
        await using var app = await StartAppAsync();
        var post = await SendAsync(app, "POST", "/login", form: "Input.Email=a%40b.example&Input.Password=x");
        Assert.Equal(StatusCodes.Status403Forbidden, post.Response.StatusCode);
        var body = await new StreamReader(post.Response.Body).ReadToEndAsync();
        Assert.Contains("暗号化されていない接続では利用できません", body);
        Assert.Contains("https://", body);
        Assert.Empty(app.ServerErrors.Entries);
    }

    [Fact]
    public async Task The_probes_answer_on_plain_http()
    {
        await using var app = await StartAppAsync();
        Assert.Equal(StatusCodes.Status200OK, (await SendAsync(app, "GET", "/healthz")).Response.StatusCode);
        Assert.Equal(StatusCodes.Status200OK, (await SendAsync(app, "GET", "/readyz")).Response.StatusCode);
    }

    [Fact]
    public async Task X_forwarded_proto_counts_only_from_the_configured_proxy()
    {
        await using var app = await StartAppAsync();
        await using var behindProxy = app.WithWebHostBuilder(b => b.UseSetting(ForwardedHeadersSetup.KnownProxiesKey, "10.0.0.10"));

        // From nginx: the page itself, on https as far as the app knows.
        var fromProxy = await SendAsync(behindProxy, "GET", "/login", from: "10.0.0.10", forwardedProto: "https");
        Assert.Equal(StatusCodes.Status200OK, fromProxy.Response.StatusCode);

        // A client that talks to the node directly and claims https: still plain HTTP, redirected or refused.
        var spoofed = await SendAsync(behindProxy, "GET", "/login", from: "203.0.113.9", forwardedProto: "https");
        Assert.Equal(StatusCodes.Status307TemporaryRedirect, spoofed.Response.StatusCode);
        var spoofedPost = await SendAsync(behindProxy, "POST", "/login", from: "203.0.113.9", forwardedProto: "https", form: "Input.Email=a%40b.example");
        Assert.Equal(StatusCodes.Status403Forbidden, spoofedPost.Response.StatusCode);

        // And with no proxy configured at all, not even loopback is believed.
        var noProxy = await SendAsync(app, "POST", "/login", from: "127.0.0.1", forwardedProto: "https", form: "Input.Email=a%40b.example");
        Assert.Equal(StatusCodes.Status403Forbidden, noProxy.Response.StatusCode);
        Assert.Empty(app.ServerErrors.Entries);
    }

    private static Task<HttpContext> SendAsync(WebApplicationFactory<Program> node, string method, string pathAndQuery, string host = "portal.example.jp", string from = "192.0.2.1", string? forwardedProto = null, string? form = null) =>
        node.Server.SendAsync(c =>
        {
            c.Connection.RemoteIpAddress = IPAddress.Parse(from);
            c.Request.Scheme = "http";
            c.Request.Method = method;
            var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
            c.Request.Path = query < 0 ? pathAndQuery : pathAndQuery[..query];
            c.Request.QueryString = query < 0 ? QueryString.Empty : new QueryString(pathAndQuery[query..]);
            c.Request.Host = new HostString(host);
            if (forwardedProto is not null)
            {
                c.Request.Headers["X-Forwarded-Proto"] = forwardedProto;
                c.Request.Headers["X-Forwarded-For"] = "198.51.100.4";
            }

            if (form is not null)
            {
                var bytes = System.Text.Encoding.UTF8.GetBytes(form);
                c.Request.ContentType = "application/x-www-form-urlencoded";
                c.Request.ContentLength = bytes.Length;
                c.Request.Body = new MemoryStream(bytes);
            }
        });
}
