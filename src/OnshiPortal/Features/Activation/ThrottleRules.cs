namespace OnshiPortal.Features.Activation;

/// <summary>
/// How long a client address or a login ID waits after failed logins (docs/security.md). Delays, not a lockout:
/// login IDs are guessable, and a lockout would let a stranger lock every unregistered institution out.
/// </summary>
public static class ThrottleRules
{
    public const int FreeAddressFailures = 5;

    public static readonly TimeSpan FirstAddressDelay = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan MaxAddressDelay = TimeSpan.FromMinutes(15);

    public const int FreeCredentialFailures = 10;

    public static readonly TimeSpan FirstCredentialDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A cap, and a low one: failures from many addresses can slow the real holder of a login ID by a minute at
    /// most, never lock them out.
    /// </summary>
    public static readonly TimeSpan MaxCredentialDelay = TimeSpan.FromSeconds(60);

    /// <summary>A day without a failure and the count starts again.</summary>
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(24);

    public static TimeSpan AddressDelay(int failures) => Delay(failures, FreeAddressFailures, FirstAddressDelay, MaxAddressDelay);

    public static TimeSpan CredentialDelay(int failures) => Delay(failures, FreeCredentialFailures, FirstCredentialDelay, MaxCredentialDelay);

    /// <summary>Nothing for the free failures, then the first delay, doubling with each further failure up to the cap.</summary>
    private static TimeSpan Delay(int failures, int free, TimeSpan first, TimeSpan cap)
    {
        var over = failures - free;
        if (over <= 0)
        {
            return TimeSpan.Zero;
        }

        // 2^20 times any first delay is past every cap: stop doubling before the arithmetic overflows.
        var doubled = first * Math.Pow(2, Math.Min(over - 1, 20));
        return doubled < cap ? doubled : cap;
    }
}
