using System.Security.Cryptography;
using System.Text;
using OnshiPortal.Features.Activation;

namespace OnshiPortal.Features.Campaigns;

/// <summary>
/// Seals a letter's temporary password between the issue and the print run (AES-256-GCM, the login ID as associated
/// data so that a sealed value copied onto another letter does not open). The key is derived from the credential key,
/// which lives outside the database: a stolen database copy holds hashes and ciphertext, never a usable password.
/// </summary>
public sealed class LetterPasswordSeal(CredentialKeyRing keys)
{
    private const string Purpose = "OnshiPortal letter password seal v1";
    private const int NonceLength = 12;
    private const int TagLength = 16;

    /// <summary>Nonce, the password's UTF-8 (ASCII: 12 bytes, room for longer), and the tag.</summary>
    public const int MaxSealedLength = NonceLength + 64 + TagLength;

    /// <summary>
    /// The derived keys by credential key ID, derived once per process (the ring's keys are loaded once per process
    /// too): an export opens 100,000 seals and an issue makes as many, and HKDF each time was a cost of its own.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> derived = new(StringComparer.Ordinal);

    public (string KeyId, byte[] Sealed) Seal(string loginId, string password)
    {
        var keyId = keys.CurrentKeyId;
        var key = Key(keyId) ?? throw new InvalidOperationException($"The current credential key '{keyId}' is not configured.");
        var plain = Encoding.UTF8.GetBytes(password);
        var sealedValue = new byte[NonceLength + plain.Length + TagLength];
        var nonce = sealedValue.AsSpan(0, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagLength);
        aes.Encrypt(nonce, plain, sealedValue.AsSpan(NonceLength, plain.Length), sealedValue.AsSpan(NonceLength + plain.Length), Encoding.ASCII.GetBytes(loginId));
        return (keyId, sealedValue);
    }

    /// <exception cref="InvalidOperationException">The key is gone, or the value was altered or belongs to another letter.</exception>
    public string Open(string keyId, string loginId, byte[] sealedValue)
    {
        var key = Key(keyId)
            ?? throw new InvalidOperationException($"The credential key '{keyId}' that sealed letter {loginId} is not configured.");
        var length = sealedValue.Length - NonceLength - TagLength;
        if (length <= 0)
        {
            throw new InvalidOperationException($"The sealed password of letter {loginId} is damaged.");
        }

        var plain = new byte[length];
        using var aes = new AesGcm(key, TagLength);
        try
        {
            aes.Decrypt(sealedValue.AsSpan(0, NonceLength), sealedValue.AsSpan(NonceLength, length), sealedValue.AsSpan(NonceLength + length), plain, Encoding.ASCII.GetBytes(loginId));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new InvalidOperationException($"The sealed password of letter {loginId} does not open: altered, or sealed for another letter.", e);
        }

        return Encoding.UTF8.GetString(plain);
    }

    private byte[]? Key(string keyId)
    {
        if (derived.TryGetValue(keyId, out var key))
        {
            return key;
        }

        key = keys.Derive(keyId, Purpose);
        return key is null ? null : derived.GetOrAdd(keyId, key);
    }
}
