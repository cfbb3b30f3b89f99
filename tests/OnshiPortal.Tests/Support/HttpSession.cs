using System.Net;
using System.Text.RegularExpressions;

namespace OnshiPortal.Tests.Support;

/// <summary>A cookie-keeping client that posts forms the way a browser does: with the page's antiforgery token.</summary>
public sealed partial class HttpSession(HttpClient client)
{
    public HttpClient Client => client;

    public async Task<(HttpResponseMessage Response, string Html)> GetAsync(string url)
    {
        var response = await client.GetAsync(url);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>GETs the form page, then posts the fields with the token the page carried.</summary>
    public async Task<(HttpResponseMessage Response, string Html)> SubmitAsync(string url, IDictionary<string, string> fields)
    {
        var (_, page) = await GetAsync(url);
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = TokenIn(page) };
        var response = await client.PostAsync(url, new FormUrlEncodedContent(form));
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts to <paramref name="url"/> with the token of a page already fetched in this session.</summary>
    public async Task<(HttpResponseMessage Response, string Html)> PostAsync(string url, string pageHtml, IDictionary<string, string?> fields)
    {
        var form = fields.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value!);
        form["__RequestVerificationToken"] = TokenIn(pageHtml);
        var response = await client.PostAsync(url, new FormUrlEncodedContent(form));
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts fields that may repeat a name (checkboxes), with the token of a page already fetched in this session.</summary>
    public async Task<(HttpResponseMessage Response, string Html)> PostFormAsync(string url, string pageHtml, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var response = await client.PostAsync(url, new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", TokenIn(pageHtml))]));
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The value of a hidden input on the page.</summary>
    public static string HiddenValue(string html, string name)
    {
        var match = Regex.Match(html, $"name=\"{Regex.Escape(name)}\" value=\"([^\"]*)\"|value=\"([^\"]*)\"[^>]*name=\"{Regex.Escape(name)}\"");
        Assert.True(match.Success, $"no hidden field {name} on the page");
        return WebUtility.HtmlDecode(match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value);
    }

    /// <summary>
    /// Logs in with the password and, when the portal asks for the second factor (/login/two-factor), with the code
    /// of the account's authenticator app (<see cref="Authenticators"/>); <paramref name="expectedLocation"/> is
    /// where the completed login sends the person.
    /// </summary>
    public async Task LogInAsync(string email, string password, string expectedLocation)
    {
        var (response, html) = await SubmitAsync("/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"login failed: {response.StatusCode}\n{html}");
        var location = response.Headers.Location?.OriginalString;
        if (location is not null && location.StartsWith("/login/two-factor", StringComparison.Ordinal))
        {
            (response, html) = await SubmitAsync(location, new Dictionary<string, string> { ["Code"] = await Authenticators.CodeForAsync(email, client) });
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"two-factor step failed: {response.StatusCode}\n{html}");
            location = response.Headers.Location?.OriginalString;
        }

        Assert.Equal(expectedLocation, location);
    }

    public static string TokenIn(string html)
    {
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, "no antiforgery token on the page");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
