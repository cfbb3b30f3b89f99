using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>Wrong guesses at a temporary credential are slowed down, never turned into a lockout of its holder.</summary>
public abstract class LoginThrottleTests : DataTest
{
    private const string Attacker = "203.0.113.5";
    private const string Holder = "198.51.100.20";

    [Fact]
    public async Task A_flood_from_one_address_is_refused_there_while_the_holder_logs_in_from_another()
    {
        await using var app = await StartAppAsync();
        var clock = new ManualClock();
        var timed = app.WithClock(clock);
        var issued = await TemporaryCredentialTests.IssueAsync(timed.Services, await ActiveCodeAsync(app));

        var attempts = new List<CredentialLoginAttempt>();
        for (var i = 0; i < 50; i++)
        {
            attempts.Add(await AttemptAsync(timed, Attacker, issued.LoginId, PasswordGuess(i)));
        }

        // The free failures and the one that earns the first delay were checked (and wrong); nothing after was.
        var checkedCount = ThrottleRules.FreeAddressFailures + 1;
        Assert.All(attempts.Take(checkedCount), a => Assert.Equal(CredentialOutcome.WrongPassword, a.Check?.Outcome));
        Assert.All(attempts.Skip(checkedCount), a =>
        {
            Assert.False(a.Throttle.Allowed);
            Assert.Null(a.Check);
            Assert.Equal("ログインの試行が続いたため、しばらくお待ちください（約2秒）。", a.Throttle.Message);
        });

        var rightFromAttacker = await AttemptAsync(timed, Attacker, issued.LoginId, issued.Password);
        Assert.False(rightFromAttacker.Throttle.Allowed);
        Assert.Null(rightFromAttacker.Check);

        var holder = await AttemptAsync(timed, Holder, issued.LoginId, issued.Password);
        Assert.True(holder.Throttle.Allowed);
        Assert.Equal(CredentialOutcome.Valid, holder.Check?.Outcome);

        // The refused attempts were not counted against the login ID, and the holder's success cleared it.
        await using var db = app.Database.CreateContext();
        var entries = await db.Set<LoginThrottleEntry>().ToDictionaryAsync(e => e.Key);
        Assert.Equal(checkedCount, entries[LoginThrottle.AddressKey(Attacker)].Failures);
        Assert.False(entries.ContainsKey(LoginThrottle.CredentialKey(issued.LoginId)));
    }

    [Fact]
    public async Task An_address_waits_longer_with_each_failure_once_its_delay_has_passed()
    {
        await using var app = await StartAppAsync();
        var clock = new ManualClock();
        var timed = app.WithClock(clock);
        var code = await ActiveCodeAsync(app);

        var waits = new List<int>();
        for (var i = 0; waits.Count < 12; i++)
        {
            // Unknown NNs of the same public code: guessing the ID is throttled as guessing a password is.
            var attempt = await AttemptAsync(timed, Attacker, $"{code}@{i % 90 + 10}", "guess");
            if (!attempt.Throttle.Allowed)
            {
                waits.Add(attempt.Throttle.RetryAfterSeconds);
                clock.Advance(TimeSpan.FromSeconds(attempt.Throttle.RetryAfterSeconds));
            }
            else
            {
                Assert.Equal(CredentialOutcome.Unknown, attempt.Check?.Outcome);
            }
        }

        Assert.Equal([2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900], waits);
    }

    [Fact]
    public async Task Guesses_from_many_addresses_slow_the_login_ID_by_a_minute_at_most()
    {
        await using var app = await StartAppAsync();
        var clock = new ManualClock();
        var timed = app.WithClock(clock);
        var issued = await TemporaryCredentialTests.IssueAsync(timed.Services, await ActiveCodeAsync(app));

        var longest = 0;
        for (var i = 0; i < 40; i++)
        {
            var address = $"192.0.2.{i + 1}";
            var attempt = await AttemptAsync(timed, address, issued.LoginId, PasswordGuess(i));
            while (!attempt.Throttle.Allowed)
            {
                Assert.InRange(attempt.Throttle.RetryAfterSeconds, 1, 60);
                longest = Math.Max(longest, attempt.Throttle.RetryAfterSeconds);
                clock.Advance(TimeSpan.FromSeconds(attempt.Throttle.RetryAfterSeconds));
                attempt = await AttemptAsync(timed, address, issued.LoginId, PasswordGuess(i));
            }

            Assert.Equal(CredentialOutcome.WrongPassword, attempt.Check?.Outcome);
        }

        Assert.Equal(60, longest);

        // The holder, on a fresh address, waits out the minute at most and is in.
        var holder = await AttemptAsync(timed, Holder, issued.LoginId, issued.Password);
        Assert.InRange(holder.Throttle.RetryAfterSeconds, 0, 60);
        clock.Advance(TimeSpan.FromSeconds(holder.Throttle.RetryAfterSeconds));
        Assert.Equal(CredentialOutcome.Valid, (await AttemptAsync(timed, Holder, issued.LoginId, issued.Password)).Check?.Outcome);
    }

    [Fact]
    public async Task Counts_are_forgotten_after_a_day_without_failures()
    {
        await using var app = await StartAppAsync();
        var clock = new ManualClock();
        var timed = app.WithClock(clock);
        for (var i = 0; i <= ThrottleRules.FreeAddressFailures; i++)
        {
            await AttemptAsync(timed, Attacker, "0110113719@01", "guess");
        }

        Assert.False((await AttemptAsync(timed, Attacker, "0110113719@01", "guess")).Throttle.Allowed);
        clock.Advance(ThrottleRules.ForgetAfter + TimeSpan.FromSeconds(1));
        Assert.True((await AttemptAsync(timed, Attacker, "0110113719@01", "guess")).Throttle.Allowed);
        await using var db = app.Database.CreateContext();
        Assert.Equal(1, (await db.Set<LoginThrottleEntry>().SingleAsync(e => e.Key == LoginThrottle.AddressKey(Attacker))).Failures);
    }

    private static string PasswordGuess(int i) => $"guess{i:0000000}";

    private static async Task<CredentialLoginAttempt> AttemptAsync(WebApplicationFactory<Program> app, string address, string loginId, string password)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CredentialLogin>().AttemptAsync(address, loginId, password);
    }

    private static async Task<string> ActiveCodeAsync(PortalAppFactory app)
    {
        await app.ImportGeneratedAsync(10, seed: 5);
        await using var db = app.Database.CreateContext();
        return await db.Institutions.Where(i => i.Status == InstitutionStatus.Active).OrderBy(i => i.Code).Select(i => i.Code).FirstAsync();
    }
}

public sealed class LoginThrottleTestsOnSqlite : LoginThrottleTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class LoginThrottleTestsOnPostgres : LoginThrottleTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
