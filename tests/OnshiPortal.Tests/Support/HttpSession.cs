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

    public async Task<HttpResponseMessage> FollowAsync(HttpResponseMessage response)
    {
        while (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)
        {
            response = await client.GetAsync(response.Headers.Location);
        }

        return response;
    }

    public async Task LogInAsync(string email, string password, string expectedLocation)
    {
        var (response, html) = await SubmitAsync("/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"login failed: {response.StatusCode}\n{html}");
        Assert.Equal(expectedLocation, response.Headers.Location?.OriginalString);
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
