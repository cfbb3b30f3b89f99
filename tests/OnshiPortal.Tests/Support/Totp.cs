using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// The test's own authenticator app: RFC 6238 TOTP over RFC 4226 HOTP, written from the RFCs (checked against
/// RFC 6238 Appendix B in Unit/TotpTests), so that the portal's codes are checked by something other than itself.
/// </summary>
public static class Totp
{
    /// <summary>The 6-digit code an authenticator app shows now for a Base32 shared key (SHA-1, 30-second steps).</summary>
    public static string Now(string base32Key) => Code(Base32Decode(base32Key), DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    public static string Code(byte[] key, long unixSeconds, int digits = 6, string algorithm = "SHA1", int stepSeconds = 30)
    {
        var counter = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, unixSeconds / stepSeconds);
#pragma warning disable CA5350 // RFC 6238 and every authenticator app use HMAC-SHA-1; it is what is being tested
        var hash = algorithm switch
        {
            "SHA1" => HMACSHA1.HashData(key, counter),
            "SHA256" => HMACSHA256.HashData(key, counter),
            "SHA512" => HMACSHA512.HashData(key, counter),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
#pragma warning restore CA5350

        // Dynamic truncation (RFC 4226 section 5.3).
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        var code = binary % (int)Math.Pow(10, digits);
        return code.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }

    /// <summary>RFC 4648 Base32, as authenticator keys are written (case and spaces ignored, no padding needed).</summary>
    public static byte[] Base32Decode(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.ToUpperInvariant())
        {
            if (c is ' ' or '=')
            {
                continue;
            }

            var value = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                throw new FormatException($"not Base32: {c}");
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
