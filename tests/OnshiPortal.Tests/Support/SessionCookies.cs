using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.People;

namespace OnshiPortal.Tests.Support;

/// <summary>The session cookie as an attacker would keep it: copied out of a browser and replayed later.</summary>
public static class SessionCookies
{
    public const string Name = "onshi.auth";

    /// <summary>An institution account with its own password (no second factor), on an institution of the master.</summary>
    public static async Task<(string Email, string Password, string Code)> AddInstitutionAccountAsync(this PortalAppFactory app, string password = "Kusunoki-Sakura-2026")
    {
        var records = await app.ImportGeneratedAsync(3, seed: 41);
        var code = records[0].Code.Value;
        var email = $"clinic-{Guid.NewGuid():N}@example.jp";
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var created = await users.CreateAsync(new PortalUser { UserName = email, Email = email, EmailConfirmed = true, InstitutionCode = code, InstitutionRole = InstitutionRole.Administrator, AccountOf = code }, password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        return (email, password, code);
    }

    /// <summary>Logs in (with the second factor when asked) and returns the session cookie the portal set.</summary>
    public static async Task<string> LogInAndCaptureAsync(this HttpSession session, string email, string password)
    {
        var (response, html) = await session.SubmitAsync("/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"login failed: {response.StatusCode}\n{html}");
        var location = response.Headers.Location?.OriginalString;
        if (location is not null && location.StartsWith("/login/two-factor", StringComparison.Ordinal))
        {
            (response, html) = await session.SubmitAsync(location, new Dictionary<string, string> { ["Code"] = await Authenticators.CodeForAsync(email, session.Client) });
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"two-factor step failed: {response.StatusCode}\n{html}");
        }

        return From(response) ?? throw new InvalidOperationException("the login set no session cookie");
    }

    /// <summary>The value of the session cookie a response sets, if it sets one.</summary>
    public static string? From(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Where(c => c.StartsWith(Name + "=", StringComparison.Ordinal))
                .Select(c => c[(Name.Length + 1)..c.IndexOf(';', StringComparison.Ordinal)])
                .LastOrDefault(v => v.Length > 0)
            : null;

    /// <summary>GETs <paramref name="url"/> from a fresh client that sends only the given session cookie.</summary>
    public static async Task<HttpResponseMessage> ReplayAsync(this WebApplicationFactory<Program> app, string cookie, string url)
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost"), HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", $"{Name}={cookie}");
        return await client.SendAsync(request);
    }

    public static void AssertSentToLogin(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("https://localhost/login", response.Headers.Location!.ToString());
    }
}
