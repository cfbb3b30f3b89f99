namespace OnshiPortal.Tests.Support;

/// <summary>
/// The clock of the test's authenticator apps and of the portal's check of their codes (AuthenticatorCodes): the real
/// time, moved forward by <see cref="Advance"/>. A person who logs in three times within half a minute waits for the
/// next code; a test moves this clock a step instead (each step is accepted once per account), which had the suite
/// waiting up to 30 s at a time, for minutes in all.
/// </summary>
public sealed class PhoneClock : TimeProvider
{
    private long ticksAhead;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref ticksAhead));

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticksAhead, by.Ticks);
}
