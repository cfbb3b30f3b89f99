using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace OnshiPortal.Tests.Support;

/// <summary>A clock the test moves by hand, for expiry and throttle delays.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public ManualClock()
        : this(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;

    public void Set(DateTimeOffset to) => now = to;
}

public static class ManualClockExtensions
{
    /// <summary>The same app on the same database, with <paramref name="clock"/> as its TimeProvider.</summary>
    public static WebApplicationFactory<Program> WithClock(this PortalAppFactory app, ManualClock clock) =>
        app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
}
