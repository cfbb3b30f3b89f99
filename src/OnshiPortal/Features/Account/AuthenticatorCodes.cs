using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;

namespace OnshiPortal.Features.Account;

/// <summary>
/// The authenticator app's codes (RFC 6238: HMAC-SHA-1, 30-second steps, 6 digits), checked here instead of by
/// Identity's AuthenticatorTokenProvider, which accepts ±2 steps (two and a half minutes) and the same code any
/// number of times. Here: ±1 step (a phone's clock a little off, a code typed as it changes), and each step once per
/// account — the last accepted step is kept with the account (AspNetUserTokens) and a code of that step or an
/// earlier one is refused, so a code seen over a shoulder or phished cannot be used again.
/// </summary>
/// <param name="phone">
/// The clock of the person's phone: the machine's real one (registered under <see cref="PhoneClockKey"/>), not the
/// app's TimeProvider, which tests move to the seed's dates. Tests give it a clock they move forward by a step where a
/// person would wait half a minute for the next code.
/// </param>
public sealed class AuthenticatorCodes([FromKeyedServices(AuthenticatorCodes.PhoneClockKey)] TimeProvider phone) : IUserTwoFactorTokenProvider<PortalUser>
{
    public const string PhoneClockKey = "phone";
    public const string TokenProvider = "[PortalAuthenticator]";
    public const string LastStepToken = "LastAcceptedStep";
    public const int StepSeconds = 30;

    /// <summary>Steps either side of now that are accepted.</summary>
    public const int Window = 1;

    public Task<string> GenerateAsync(string purpose, UserManager<PortalUser> manager, PortalUser user) =>
        Task.FromResult(string.Empty); // the code comes from the person's app, never from the portal

    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<PortalUser> manager, PortalUser user) =>
        Task.FromResult(false); // not a factor the portal sends: enabling it is the set-up page's business

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<PortalUser> manager, PortalUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        var stored = await manager.GetAuthenticationTokenAsync(user, TokenProvider, LastStepToken);
        var lastStep = long.TryParse(stored, NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last : (long?)null;

        if (Match(Base32.Decode(key), token, phone.GetUtcNow(), lastStep) is not { } step)
        {
            return false;
        }

        // Saved through the user manager: the account's concurrency stamp makes two requests racing with one code
        // end with one success.
        var saved = await manager.SetAuthenticationTokenAsync(user, TokenProvider, LastStepToken, step.ToString(CultureInfo.InvariantCulture));
        return saved.Succeeded;
    }

    /// <summary>The step whose code <paramref name="code"/> is, within the window around <paramref name="now"/> and after <paramref name="lastStep"/>; null when none.</summary>
    public static long? Match(byte[] key, string? code, DateTimeOffset now, long? lastStep)
    {
        if (code is not { Length: 6 } || !code.All(char.IsAsciiDigit))
        {
            return null;
        }

        var current = now.ToUnixTimeSeconds() / StepSeconds;
        long? found = null;

        // Every step of the window is computed, found or not: the work done does not tell which step matched.
        for (var step = current - Window; step <= current + Window; step++)
        {
            if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(CodeAt(key, step)), System.Text.Encoding.ASCII.GetBytes(code))
                && (lastStep is null || step > lastStep) && found is null)
            {
                found = step;
            }
        }

        return found;
    }

    /// <summary>RFC 4226 HOTP of one time step.</summary>
    public static string CodeAt(byte[] key, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
#pragma warning disable CA5350 // RFC 6238 and every authenticator app use HMAC-SHA-1
        var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>RFC 4648 Base32, as Identity writes the authenticator key.</summary>
    private static class Base32
    {
        private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

        public static byte[] Decode(string text)
        {
            var bytes = new List<byte>(text.Length * 5 / 8);
            int buffer = 0, bits = 0;
            foreach (var c in text.ToUpperInvariant())
            {
                var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
                if (value < 0)
                {
                    continue; // spaces, padding
                }

                buffer = (buffer << 5) | value;
                bits += 5;
                if (bits >= 8)
                {
                    bits -= 8;
                    bytes.Add((byte)(buffer >> bits));
                    buffer &= (1 << bits) - 1;
                }
            }

            return [.. bytes];
        }
    }
}
