using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Account;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// The authenticator apps of the test's accounts: the shared key of each account enrolled by
/// <see cref="Scenario.AddOperatorAsync"/> (by e-mail), and for clients made by
/// <see cref="PortalAppFactory.CreateBrowserLikeClient"/> the key as the portal stores it, so that a login
/// still finds it after an e-mail change or an enrolment through the pages.
/// </summary>
public static class Authenticators
{
    private static readonly ConcurrentDictionary<string, string> Keys = new(StringComparer.OrdinalIgnoreCase);
    private static readonly ConditionalWeakTable<HttpClient, PortalAppFactory> Apps = new();

    public static void Remember(string email, string base32Key) => Keys[email] = base32Key;

    /// <summary>The key <see cref="Remember"/> was told for this address, if any.</summary>
    public static string? KeyFor(string email) => Keys.TryGetValue(email, out var key) ? key : null;

    internal static void Track(HttpClient client, PortalAppFactory app) => Apps.AddOrUpdate(client, app);

    /// <summary>
    /// A code the account's app shows now that the portal has not accepted yet (each time step is accepted once per
    /// account, within ±1 step): the current step, else the next one, else — a third login within one step — the
    /// code after the wait for the next step. Key from the app's database, else the remembered one.
    /// </summary>
    public static async Task<string> CodeForAsync(string email, HttpClient? client = null)
    {
        PortalAppFactory? app = null;
        var key = client is not null && Apps.TryGetValue(client, out app) ? await StoredKeyAsync(app, email) : null;
        key ??= KeyFor(email);
        if (key is null)
        {
            throw new InvalidOperationException($"no authenticator known for {email}: enrol it with AddOperatorAsync or Authenticators.EnrolAsync");
        }

        return await NextCodeAsync(key, app is null ? null : await LastAcceptedStepAsync(app, email), app?.PhoneClock);
    }

    /// <summary>
    /// The code of the earliest step, now or the next, after <paramref name="lastAccepted"/> and after every code this
    /// helper handed out for the key (each is assumed used). When both are taken it moves the app's
    /// <paramref name="phone"/> clock on by a step, or without one waits for the real clock.
    /// </summary>
    public static async Task<string> NextCodeAsync(string key, long? lastAccepted = null, PhoneClock? phone = null)
    {
        var after = Math.Max(lastAccepted ?? long.MinValue, StepsHandedOut.GetValueOrDefault(key, long.MinValue));
        while (true)
        {
            var now = (phone ?? TimeProvider.System).GetUtcNow().ToUnixTimeSeconds() / 30;
            var step = after == long.MinValue ? now : Math.Max(now, after + 1);
            if (step <= now + 1)
            {
                StepsHandedOut[key] = step;
                return Totp.Code(Totp.Base32Decode(key), step * 30);
            }

            if (phone is not null)
            {
                phone.Advance(TimeSpan.FromSeconds(AuthenticatorCodes.StepSeconds));
                continue;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static readonly ConcurrentDictionary<string, long> StepsHandedOut = new();

    /// <summary>The last time step the portal accepted for the account (AuthenticatorCodes), if any.</summary>
    public static async Task<long?> LastAcceptedStepAsync(PortalAppFactory app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByEmailAsync(email);
        var stored = user is null ? null : await users.GetAuthenticationTokenAsync(user, AuthenticatorCodes.TokenProvider, AuthenticatorCodes.LastStepToken);
        return long.TryParse(stored, out var step) ? step : null;
    }

    /// <summary>The key the portal stores for the account (Identity's authenticator key), as the person's app holds it.</summary>
    public static async Task<string?> StoredKeyAsync(PortalAppFactory app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByEmailAsync(email);
        return user is null ? null : await users.GetAuthenticatorKeyAsync(user);
    }

    /// <summary>Enrols an authenticator for the account as the set-up page would, and remembers its key.</summary>
    public static async Task<string> EnrolAsync(PortalAppFactory app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"no account {email}");
        await users.ResetAuthenticatorKeyAsync(user);
        var key = (await users.GetAuthenticatorKeyAsync(user))!;
        await users.SetTwoFactorEnabledAsync(user, true);
        Remember(email, key);
        return key;
    }
}
