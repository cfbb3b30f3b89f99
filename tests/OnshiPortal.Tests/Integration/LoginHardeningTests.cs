using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>Holding against attack: rate limit, no enumeration by answer or time, audit of logins, session cap.</summary>
/// <remarks>Run alone (no other test in parallel): one of them measures response times.</remarks>
[Collection(TimingCollection.Name)]
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
    public async Task A_known_and_an_unknown_address_get_the_same_answer_in_comparable_time()
    {
        await using var app = await StartAppAsync();
        var accounts = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            accounts.Add((await app.AddOperatorAsync()).Email);
        }

        var session = new HttpSession(app.CreateBrowserLikeClient());
        var (_, page) = await session.GetAsync("/login");

        async Task<(HttpStatusCode Status, string Error, double Ms)> TryAsync(string address)
        {
            var watch = Stopwatch.StartNew();
            var (response, html) = await session.PostAsync("/login", page, new Dictionary<string, string?> { ["Input.Email"] = address, ["Input.Password"] = "wrong-password-xyz" });
            watch.Stop();
            var start = html.IndexOf("error-summary__list", StringComparison.Ordinal);
            return (response.StatusCode, html[start..html.IndexOf("</ul>", start, StringComparison.Ordinal)], watch.Elapsed.TotalMilliseconds);
        }

        await TryAsync("warm-up@example.jp");
        var known = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < 12; i++) // three accounts, four failures each: below the lockout's five
        {
            var k = await TryAsync(accounts[i % accounts.Count]);
            var u = await TryAsync($"nobody{i}@example.jp");
            Assert.Equal(k.Status, u.Status);
            Assert.Equal(k.Error, u.Error);
            known.Add(k.Ms);
            unknown.Add(u.Ms);
        }

        // The bound is half of what one password check costs here: without the dummy check for unknown
        // addresses the difference would be a whole check.
        var hasher = new PasswordHasher<PortalUser>();
        var hash = hasher.HashPassword(new PortalUser(), "x");
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 4; i++)
        {
            hasher.VerifyHashedPassword(new PortalUser(), hash, "y");
        }

        var oneCheck = watch.Elapsed.TotalMilliseconds / 4;
        var difference = Math.Abs(Median(known) - Median(unknown));
        Assert.True(difference < oneCheck / 2, $"known {Median(known):F1} ms vs unknown {Median(unknown):F1} ms; one check {oneCheck:F1} ms");
    }

    [Fact]
    public async Task Every_login_success_failure_and_lockout_is_audited()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.SubmitAsync("/login", Login("stranger@example.jp", "whatever-password"));
        await session.LogInAsync(email, password, "/operator");
        for (var i = 0; i < 5; i++)
        {
            await new HttpSession(app.CreateBrowserLikeClient()).SubmitAsync("/login", Login(email, "wrong-password-xyz"));
        }

        await using var db = app.Database.CreateContext();
        var actions = await db.Set<AuditEntry>().Where(a => a.Action.StartsWith("login.")).Select(a => new { a.Action, a.Actor }).ToListAsync();
        Assert.Contains(actions, a => a.Action == "login.failed" && a.Actor == "stranger@example.jp");
        Assert.Contains(actions, a => a.Action == "login.succeeded" && a.Actor == email);
        Assert.Contains(actions, a => a.Action == "login.locked-out" && a.Actor == email);
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

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }
}

[Collection(TimingCollection.Name)]
public sealed class LoginHardeningTestsOnSqlite : LoginHardeningTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

[Collection(TimingCollection.Name)]
public sealed class LoginHardeningTestsOnPostgres : LoginHardeningTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}

/// <summary>Tests that measure time run with nothing else beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "timing";
}
