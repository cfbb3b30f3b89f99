using System.Security.Cryptography;
using System.Text;

namespace OnshiPortal.Features.Activation;

/// <summary>
/// The keyed hash of a temporary password: HMAC-SHA256 under a secret key kept outside the database, over a
/// per-credential salt and the password. Why a keyed hash rather than a slow one: docs/security.md.
/// </summary>
public static class CredentialHash
{
    public const int SaltLength = 16;

    public const int HashLength = HMACSHA256.HashSizeInBytes;

    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(SaltLength);

    public static byte[] Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt, string password)
    {
        // The salt has a fixed length, so salt followed by password is unambiguous.
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        var message = new byte[salt.Length + passwordBytes.Length];
        salt.CopyTo(message);
        passwordBytes.CopyTo(message.AsSpan(salt.Length));
        var hash = HMACSHA256.HashData(key, message);
        CryptographicOperations.ZeroMemory(message);
        CryptographicOperations.ZeroMemory(passwordBytes);
        return hash;
    }

    /// <summary>Compares in constant time, so that the time taken tells nothing about how much of a guess matched.</summary>
    public static bool Matches(ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt, string password, ReadOnlySpan<byte> expected) =>
        CryptographicOperations.FixedTimeEquals(Compute(key, salt, password), expected);
}
