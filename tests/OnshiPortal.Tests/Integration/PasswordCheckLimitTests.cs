using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// The node's limit on posts that hash a password: beyond the ones running, a burst waits in the queue and is
/// answered; beyond the queue, 429 with Retry-After and the Japanese page, never a 5xx. Deterministic: the hasher is
/// held shut by the test, so "running" and "queued" are states the test waits for, not moments it times. SQLite only:
/// the limit is in the web process, the database plays no part in it.
/// </summary>
public sealed class PasswordCheckLimitTests : DataTest
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();

    [Fact]
    public async Task A_burst_beyond_the_cores_waits_in_the_queue_and_the_overflow_gets_429_not_5xx()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync();
        using var hasher = new GatedPasswordHasher();
        var gated = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("RateLimits:PasswordChecksAtOnce", "1");
            b.UseSetting("RateLimits:PasswordCheckQueue", "1");
            b.UseSetting("RateLimits:BusyRetryAfterSeconds", "3");
            b.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<PortalUser>>(hasher));
        });
        var sessions = Enumerable.Range(0, 3).Select(_ => new HttpSession(gated.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            BaseAddress = new Uri("https://localhost"),
            HandleCookies = true,
        }))).ToList();
        var pages = new List<string>();
        foreach (var session in sessions)
        {
            pages.Add((await session.GetAsync("/login")).Html); // pages are not limited
        }

        Task<(HttpResponseMessage Response, string Html)> Post(int i, string user, string secret) =>
            sessions[i].PostAsync("/login", pages[i], new Dictionary<string, string?> { ["Input.Email"] = user, ["Input.Password"] = secret });

        // The first post takes the only place and stops inside the hasher; the second waits in the queue.
        var running = Post(0, email, password);
        await hasher.Entered.WaitAsync(TestContext.Current.CancellationToken);
        var queued = Post(1, "nobody@example.jp", "wrong-password-xyz");
        await WaitUntilQueuedAsync(gated.Services, 1);

        // The third finds the queue full: turned away at once, politely.
        var (overflow, html) = await Post(2, "another@example.jp", "wrong-password-xyz");
        Assert.Equal(HttpStatusCode.TooManyRequests, overflow.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), overflow.Headers.RetryAfter?.Delta);
        Assert.Contains("アクセスが集中しています", html);
        Assert.False(queued.IsCompleted, "the queued post was answered before its turn");

        // Open the hasher: the running and the queued posts are both answered as logins, not as errors.
        hasher.Open();
        var (first, _) = await running;
        var (second, secondHtml) = await queued;
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode); // the operator's password was right: on to the second factor
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("メールアドレスまたはパスワードが正しくありません。", secondHtml);
        Assert.Equal(2, hasher.Verifications);
    }

    /// <summary>Waits (with no time limit but the test's) until the password-check queue holds this many posts.</summary>
    private static async Task WaitUntilQueuedAsync(IServiceProvider services, long count)
    {
        var limiter = services.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter!;
        var probe = new DefaultHttpContext();
        probe.Request.Method = HttpMethods.Post;
        probe.Request.Path = "/login";
        while (limiter.GetStatistics(probe)?.CurrentQueuedCount != count)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Identity's hasher behind a gate the test opens: verifications wait until then.</summary>
    private sealed class GatedPasswordHasher : IPasswordHasher<PortalUser>, IDisposable
    {
        private readonly PasswordHasher<PortalUser> inner = new();
        private readonly ManualResetEventSlim gate = new(false);
        private int verifications;

        public SemaphoreSlim Entered { get; } = new(0);

        public int Verifications => Volatile.Read(ref verifications);

        public void Open() => gate.Set();

        public void Dispose()
        {
            gate.Dispose();
            Entered.Dispose();
        }

        public string HashPassword(PortalUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(PortalUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref verifications);
            Entered.Release();
            gate.Wait(TestContext.Current.CancellationToken);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
