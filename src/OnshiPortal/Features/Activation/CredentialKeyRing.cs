using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OnshiPortal.Infrastructure;

namespace OnshiPortal.Features.Activation;

/// <summary>
/// The HMAC keys of temporary credentials. New credentials are hashed with the current key; a credential is
/// verified with the key it names, so a rotated-out key keeps its letters working until it is removed.
/// Keys come from <c>Credentials:Keys</c>; when none is configured (the embedded default) one is generated on
/// first use into <c>Credentials:KeyFile</c> and read from there afterwards.
/// </summary>
public sealed class CredentialKeyRing(IOptions<CredentialOptions> options)
{
    private static readonly JsonSerializerOptions FileJson = new() { WriteIndented = true };

    private readonly Lazy<LoadedKeys> keys = new(() => Load(options.Value), LazyThreadSafetyMode.ExecutionAndPublication);

    public string CurrentKeyId => keys.Value.CurrentId;

    public bool HasKey(string keyId) => keys.Value.Secrets.ContainsKey(keyId);

    public IEnumerable<string> ConfiguredKeyIds => keys.Value.Secrets.Keys;

    /// <summary>Hashes a new password with the current key.</summary>
    public (string KeyId, byte[] Hash) HashWithCurrentKey(ReadOnlySpan<byte> salt, string password)
    {
        var loaded = keys.Value;
        return (loaded.CurrentId, CredentialHash.Compute(loaded.Secrets[loaded.CurrentId], salt, password));
    }

    /// <summary>
    /// A key for another purpose derived from a credential key (HKDF-SHA256), so that one secret to keep and rotate
    /// also seals what must be kept beside the hashes (a letter's password until it is printed) without reusing
    /// the HMAC key itself. Null when the key is not configured.
    /// </summary>
    public (string KeyId, byte[] Key) DerivedCurrentKey(string purpose) => (CurrentKeyId, Derive(CurrentKeyId, purpose)!);

    public byte[]? Derive(string keyId, string purpose) =>
        keys.Value.Secrets.TryGetValue(keyId, out var secret)
            ? HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt: [], info: System.Text.Encoding.UTF8.GetBytes(purpose))
            : null;

    public bool Verify(string keyId, ReadOnlySpan<byte> salt, string password, ReadOnlySpan<byte> expected)
    {
        if (!keys.Value.Secrets.TryGetValue(keyId, out var secret))
        {
            // Removing a key that outstanding letters still use is an operator's mistake, not a wrong password.
            throw new InvalidOperationException(
                $"The credential key '{keyId}' is not configured: keep a rotated key in Credentials:Keys until its credentials have expired.");
        }

        return CredentialHash.Matches(secret, salt, password, expected);
    }

    private sealed record LoadedKeys(string CurrentId, IReadOnlyDictionary<string, byte[]> Secrets);

    private static LoadedKeys Load(CredentialOptions options)
    {
        if (options.Keys.Count > 0)
        {
            return Validate(options.Keys, options.CurrentKeyId, "Credentials:Keys");
        }

        var path = Path.GetFullPath(options.KeyFile);
        if (!File.Exists(path))
        {
            Generate(path);
        }

        var file = JsonSerializer.Deserialize<CredentialOptions>(File.ReadAllText(path))
            ?? throw new InvalidOperationException($"The credential key file {path} is empty.");
        return Validate(file.Keys, file.CurrentKeyId, path);
    }

    private static LoadedKeys Validate(List<CredentialKey> configured, string? currentId, string source)
    {
        var secrets = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var key in configured)
        {
            if (string.IsNullOrWhiteSpace(key.Id) || key.Id.Length > CredentialKey.MaxIdLength)
            {
                throw new InvalidOperationException($"{source}: every credential key needs an Id of 1 to {CredentialKey.MaxIdLength} characters.");
            }

            byte[] secret;
            try
            {
                secret = Convert.FromBase64String(key.Secret);
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"{source}: the secret of credential key '{key.Id}' is not base64.");
            }

            if (secret.Length < CredentialKey.MinSecretBytes)
            {
                throw new InvalidOperationException($"{source}: the secret of credential key '{key.Id}' must be at least {CredentialKey.MinSecretBytes} bytes.");
            }

            if (!secrets.TryAdd(key.Id, secret))
            {
                throw new InvalidOperationException($"{source}: the credential key '{key.Id}' is listed twice.");
            }
        }

        currentId ??= secrets.Count == 1 ? secrets.Keys.Single() : null;
        if (currentId is null || !secrets.ContainsKey(currentId))
        {
            throw new InvalidOperationException($"{source}: CurrentKeyId must name one of the credential keys.");
        }

        return new LoadedKeys(currentId, secrets);
    }

    /// <summary>
    /// Writes a new key readable by its owner alone, under a temporary name moved into place, so that the web
    /// process and the command line starting together end up with one key, not two.
    /// </summary>
    private static void Generate(string path)
    {
        // The same shape as the configuration section, so that the file can be moved into a secret store as it is.
        var id = "local-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var content = new
        {
            CurrentKeyId = id,
            Keys = new[] { new CredentialKey { Id = id, Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) } },
        };

        OwnerOnlyFile.WriteAtomically(path, stream => JsonSerializer.Serialize(stream, content, FileJson), overwrite: false); // false: another process was first; use its key
    }
}
