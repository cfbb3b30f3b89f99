using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Account;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>Holding against attack: rate limit, no enumeration by answer or by work done, audit of logins, session cap.</summary>
public abstract class LoginHardeningTests : DataTest
{
    private static Dictionary<string, string> Login(string email, string password) => new() { ["Input.Email"] = email, ["Input.Password"] = password };

    [Fact]
    public async Task Too_many_posts_from_one_address_get_429_with_Retry_After_and_a_Japanese_page()
    {
        await using var app = await StartAppAsync();
        var limited = app.WithWebHostBuilder(b => b.UseSetting("RateLimits:PostsPerAddressPerMinute", "3"));
        var session = new HttpSession(limited.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") }));
        HttpResponseMessage? last = null;
        string html = string.Empty;
        for (var i = 0; i < 4; i++)
        {
            (last, html) = await session.SubmitAsync("/account/forgot", new Dictionary<string, string> { ["Input.Email"] = $"a{i}@example.jp" });
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.True(last.Headers.RetryAfter is not null, "no Retry-After");
        Assert.Contains("アクセスが集中しています", html);

        // Pages are still read: only the posts are limited.
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/account/forgot")).Response.StatusCode);
    }

    [Fact]
    public async Task A_known_and_an_unknown_address_get_the_same_answer_for_the_same_password_check()
    {
        await using var app = await StartAppAsync();
        var accounts = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            accounts.Add((await app.AddOperatorAsync()).Email);
        }

        // What makes the two cost the same is one password-hash verification each (a dummy hash for an unknown
        // address): counted here rather than timed, since wall-clock time on a shared machine measures its load.
        var hasher = new CountingPasswordHasher();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var counted = app.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton<IPasswordHasher<PortalUser>>(hasher);
            s.AddSingleton<TimeProvider>(clock);
        }));
        var session = new HttpSession(counted.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost"), HandleCookies = true }));
        var (_, page) = await session.GetAsync("/login");

        async Task<(HttpStatusCode Status, string Error, int Checks)> TryAsync(string address)
        {
            clock.Advance(TimeSpan.FromMinutes(16)); // past any delay the throttle has set: each attempt is checked
            var before = hasher.Verifications;
            var (response, html) = await session.PostAsync("/login", page, new Dictionary<string, string?> { ["Input.Email"] = address, ["Input.Password"] = "wrong-password-xyz" });
            var start = html.IndexOf("error-summary__list", StringComparison.Ordinal);
            return (response.StatusCode, html[start..html.IndexOf("</ul>", start, StringComparison.Ordinal)], hasher.Verifications - before);
        }

        for (var i = 0; i < 6; i++) // three accounts, two failures each; past each delay the throttle earns
        {
            var known = await TryAsync(accounts[i % accounts.Count]);
            var unknown = await TryAsync($"nobody{i}@example.jp");

            Assert.Equal(known.Status, unknown.Status);
            Assert.Equal(known.Error, unknown.Error);
            Assert.Equal((1, 1), (known.Checks, unknown.Checks));
        }
    }

    [Fact]
    public async Task Guessing_slows_known_and_unknown_addresses_alike_and_locks_no_one_out()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync();
        var hasher = new CountingPasswordHasher();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var counted = app.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton<IPasswordHasher<PortalUser>>(hasher);
            s.AddSingleton<TimeProvider>(clock);
        }));
        var session = new HttpSession(counted.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") }));
        var (_, page) = await session.GetAsync("/login");

        async Task<(string Error, int Checks)> TryAsync(string address, string attempt)
        {
            var before = hasher.Verifications;
            var (_, html) = await session.PostAsync("/login", page, new Dictionary<string, string?> { ["Input.Email"] = address, ["Input.Password"] = attempt });
            var start = html.IndexOf("error-summary__list", StringComparison.Ordinal);
            return (start < 0 ? string.Empty : html[start..html.IndexOf("</ul>", start, StringComparison.Ordinal)], hasher.Verifications - before);
        }

        // A guesser's failures on one account and on an address without one, from one client address.
        for (var i = 0; i < 6; i++)
        {
            await TryAsync(email, "wrong-password-" + i);
        }

        var known = await TryAsync(email, "wrong-password-x");
        var unknown = await TryAsync("nobody@example.jp", "wrong-password-x");
        Assert.Contains("ログインの試行が続いたため、しばらくお待ちください", known.Error);
        Assert.Equal(known.Error, unknown.Error); // the same words, and the same work: no hash at all while slowed
        Assert.Equal((0, 0), (known.Checks, unknown.Checks));
        Assert.DoesNotContain("ログインに続けて失敗したため", known.Error);

        // Past the delay the owner logs in: no lockout, operators included.
        clock.Advance(TimeSpan.FromMinutes(16));
        var owner = new HttpSession(counted.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") }));
        await owner.LogInAsync(email, password, "/operator");
        await using var db = app.Database.CreateContext();
        Assert.Null((await db.Users.SingleAsync(u => u.Email == email)).LockoutEnd);
    }

    /// <summary>Identity's hasher, counting the verifications it does.</summary>
    private sealed class CountingPasswordHasher : IPasswordHasher<PortalUser>
    {
        private readonly PasswordHasher<PortalUser> inner = new();
        private int verifications;

        public int Verifications => Volatile.Read(ref verifications);

        public string HashPassword(PortalUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(PortalUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref verifications);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    [Fact]
    public async Task Every_login_success_failure_and_lockout_is_audited()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.SubmitAsync("/login", Login("stranger@example.jp", "whatever-password"));
        await session.LogInAsync(email, password, "/operator");
        for (var i = 0; i < 7; i++) // five free failures from the address, a sixth that earns a delay, one refused
        {
            await new HttpSession(app.CreateBrowserLikeClient()).SubmitAsync("/login", Login(email, "wrong-password-xyz"));
        }

        await using var db = app.Database.CreateContext();
        var actions = await db.Set<AuditEntry>().Where(a => a.Action.StartsWith("login.")).Select(a => new { a.Action, a.Actor }).ToListAsync();
        Assert.Contains(actions, a => a.Action == "login.failed" && a.Actor == "stranger@example.jp");
        Assert.Contains(actions, a => a.Action == "login.succeeded" && a.Actor == email);
        Assert.Contains(actions, a => a.Action == "login.throttled" && a.Actor == email);
    }

    [Fact]
    public async Task A_session_ends_twelve_hours_after_login_however_active()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var timed = app.WithClock(clock);
        var session = new HttpSession(timed.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") }));
        await session.LogInAsync(email, password, "/operator");

        foreach (var hours in new[] { 5, 5 })
        {
            clock.Advance(TimeSpan.FromHours(hours));
            Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/operator")).Response.StatusCode);
        }

        clock.Advance(TimeSpan.FromHours(2.5)); // 12.5 h after login: the sliding 8 h were renewed at 10 h
        var (late, _) = await session.GetAsync("/operator");
        Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);
        Assert.StartsWith("https://localhost/login", late.Headers.Location!.ToString());
    }
}

public sealed class LoginHardeningTestsOnSqlite : LoginHardeningTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class LoginHardeningTestsOnPostgres : LoginHardeningTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
