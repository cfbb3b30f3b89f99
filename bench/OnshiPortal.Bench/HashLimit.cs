using System.Buffers.Binary;
using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using OnshiPortal.Features.Account;

namespace OnshiPortal.Bench;

/// <summary>
/// <c>hashlimit SECONDS</c>: how many password verifications a second all cores of this machine manage, the ceiling
/// of logins a second for any app that checks a password with the same hash. The portal configures no
/// <see cref="PasswordHasherOptions"/> (PortalServices), so this is Identity's default V3 format, the same one the
/// stock template uses: PBKDF2 with HMAC-SHA512 at the iteration count printed (read back from the hash itself).
/// </summary>
internal static class HashLimit
{
    private static readonly PasswordHasher<PortalUser> Hasher = new();
    private static readonly string Hash = Hasher.HashPassword(new PortalUser(), LoadSeed.Password);

    public static int Run(double seconds)
    {
        var bytes = Convert.FromBase64String(Hash);
        var iterations = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5, 4));
        var prf = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(1, 4)) switch { 0 => "HMAC-SHA1", 1 => "HMAC-SHA256", 2 => "HMAC-SHA512", var p => $"PRF {p}" };

        // One warm-up verification (JIT, the crypto provider), then every core verifying for SECONDS.
        var single = Stopwatch.StartNew();
        if (Hasher.VerifyHashedPassword(new PortalUser(), Hash, LoadSeed.Password) != PasswordVerificationResult.Success)
        {
            throw new InvalidOperationException("the hasher does not verify its own hash");
        }

        single.Stop();
        var rate = Measure(seconds);
        Console.WriteLine($"password hash: Identity V3 default, PBKDF2 {prf}, {iterations:N0} iterations; one verification {single.Elapsed.TotalMilliseconds:F0} ms (first, cold)");
        Console.WriteLine($"hash limit: {rate:F1} verifications/s on {Environment.ProcessorCount} threads for {seconds:F0} s");
        Console.WriteLine(FormattableString.Invariant($"HASH_LIMIT={rate:F1}"));
        return 0;
    }

    /// <summary>Verifications a second with one thread per core, each verifying for <paramref name="seconds"/>.</summary>
    public static double Measure(double seconds)
    {
        long count = 0;
        var clock = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => new Thread(() =>
        {
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                Hasher.VerifyHashedPassword(new PortalUser(), Hash, LoadSeed.Password);
                Interlocked.Increment(ref count);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return count / clock.Elapsed.TotalSeconds;
    }
}
