using System.Net;

namespace OnshiPortal.Tests.Support;

public static class Refusals
{
    /// <summary>A signed-in user refused by role: the cookie scheme sends them to /access-denied (403 there).</summary>
    public static void AssertForbidden(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.True(
            response.StatusCode == HttpStatusCode.Forbidden
            || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.ToString().Contains("/access-denied", StringComparison.Ordinal) == true),
            $"expected a refusal, got {(int)response.StatusCode} {response.Headers.Location}");
    }

    /// <summary>A file response no browser or proxy may keep (issue 14, item 12).</summary>
    public static void AssertNotStored(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains("no-cache", response.Headers.Pragma.ToString(), StringComparison.Ordinal);
    }
}
