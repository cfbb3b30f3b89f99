using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace OnshiPortal.Bench;

public enum LoginOutcome
{
    Success,
    TooManyRequests,
    ServerError,
    Transport,
    Refused, // any other answer: a login page again (wrong password, antiforgery), a redirect elsewhere, no cookie
}

public sealed record LoginResult(LoginOutcome Outcome, double PostMs, double PairMs, bool RetryAfter);

/// <summary>What distinguishes the two apps' login forms and their successful answer.</summary>
public sealed record LoginForm(string Path, string AuthCookie, IReadOnlyDictionary<string, string> ExtraFields)
{
    public static LoginForm For(string flavour) => flavour == "portal"
        ? new LoginForm("/login", "onshi.auth", new Dictionary<string, string>())
        : new LoginForm("/Identity/Account/Login", ".AspNetCore.Identity.Application", new Dictionary<string, string> { ["Input.RememberMe"] = "false" });
}

/// <summary>
/// One person logging in as a browser does: GET the form (its cookies kept for this login only), take the
/// antiforgery token from the form, POST the credentials. A success is what a logged-in user gets: a redirect to
/// the start page that sets the authentication cookie. Each login comes from its clinic's own address, in
/// <c>X-Forwarded-For</c> as nginx sends it (with <c>X-Forwarded-Proto: https</c>, as behind TLS); an app believes
/// them only from its configured proxies.
/// </summary>
public static partial class VirtualLogin
{
    public static async Task<LoginResult> RunAsync(HttpClient client, LoginForm form, string email, string password, string clientAddress)
    {
        var pair = Stopwatch.StartNew();
        var post = new Stopwatch();
        try
        {
            var cookies = new Dictionary<string, string>();
            using var get = Request(HttpMethod.Get, form.Path, clientAddress, cookies);
            using var page = await client.SendAsync(get);
            Keep(page, cookies);
            var html = await page.Content.ReadAsStringAsync();
            if (page.StatusCode != HttpStatusCode.OK)
            {
                return new(Classify(page.StatusCode), 0, pair.Elapsed.TotalMilliseconds, page.Headers.RetryAfter is not null);
            }

            var token = TokenPattern().Match(html);
            if (!token.Success)
            {
                return new(LoginOutcome.Refused, 0, pair.Elapsed.TotalMilliseconds, false);
            }

            var fields = new Dictionary<string, string>(form.ExtraFields)
            {
                ["Input.Email"] = email,
                ["Input.Password"] = password,
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            };
            using var request = Request(HttpMethod.Post, form.Path, clientAddress, cookies);
            request.Content = new FormUrlEncodedContent(fields);
            post.Start();
            using var answer = await client.SendAsync(request);
            await answer.Content.ReadAsByteArrayAsync(); // the whole answer, as a browser waits for it
            post.Stop();
            var loggedIn = answer.StatusCode == HttpStatusCode.Redirect
                && answer.Headers.Location?.OriginalString == "/"
                && answer.Headers.TryGetValues("Set-Cookie", out var set)
                && set.Any(c => c.StartsWith(form.AuthCookie + "=", StringComparison.Ordinal));
            var outcome = loggedIn ? LoginOutcome.Success : Classify(answer.StatusCode);
            return new(outcome, post.Elapsed.TotalMilliseconds, pair.Elapsed.TotalMilliseconds, answer.Headers.RetryAfter is not null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return new(LoginOutcome.Transport, post.Elapsed.TotalMilliseconds, pair.Elapsed.TotalMilliseconds, false);
        }
    }

    private static LoginOutcome Classify(HttpStatusCode status) => (int)status switch
    {
        429 => LoginOutcome.TooManyRequests,
        >= 500 => LoginOutcome.ServerError,
        _ => LoginOutcome.Refused,
    };

    private static HttpRequestMessage Request(HttpMethod method, string path, string clientAddress, Dictionary<string, string> cookies)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Forwarded-For", clientAddress);
        request.Headers.Add("X-Forwarded-Proto", "https");
        if (cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        return request;
    }

    /// <summary>Keeps name=value of each Set-Cookie (handled here, since a Secure cookie must flow over this plain-HTTP hop as nginx passes it).</summary>
    private static void Keep(HttpResponseMessage response, Dictionary<string, string> cookies)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var set))
        {
            return;
        }

        foreach (var cookie in set)
        {
            var pair = cookie.Split(';', 2)[0];
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                cookies[pair[..equals]] = pair[(equals + 1)..];
            }
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
