using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Activation;

/// <summary>
/// The HMAC keys of temporary credentials. New credentials are hashed with the current key; a credential is
/// verified with the key it names, so a rotated-out key keeps its letters working until it is removed.
/// Keys come from <c>Credentials:Keys</c>; when none is configured (the embedded default, or nodes that leave it to
/// the portal) the keys are kept in the database (<see cref="StoredCredentialKeys"/>), encrypted with the
/// data-protection key ring: made once by whichever node or `onshi db migrate` comes first (a unique row: insert,
/// or read the one another node inserted), or imported once from the key file of an earlier version
/// (<c>Credentials:KeyFile</c>) so that letters already issued and sealed keep working.
/// <para>
/// Loaded on first use and kept for the process's life (a singleton). A failure (the database away) is not kept:
/// the next use tries again.
/// </para>
/// </summary>
public sealed class CredentialKeyRing
{
    /// <summary>Data-protection purpose of the stored keys.</summary>
    private const string ProtectionPurpose = "OnshiPortal.Activation.StoredCredentialKeys.v1";

    private readonly CredentialOptions options;
    private readonly IServiceScopeFactory? scopes;
    private readonly ILogger<CredentialKeyRing>? logger;
    private readonly Lock gate = new();
    private LoadedKeys? loaded;

    /// <summary>What the first load did (generated or imported), until <see cref="PrepareStored"/> reports it once.</summary>
    private string? note;

    /// <summary>Configured keys only (no database): for tools and tests that give <c>Credentials:Keys</c>.</summary>
    public CredentialKeyRing(IOptions<CredentialOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
    }

    public CredentialKeyRing(IOptions<CredentialOptions> options, IServiceScopeFactory scopes, ILogger<CredentialKeyRing> logger)
        : this(options)
    {
        this.scopes = scopes;
        this.logger = logger;
    }

    private LoadedKeys Keys
    {
        get
        {
            if (Volatile.Read(ref loaded) is { } keys)
            {
                return keys;
            }

            lock (gate)
            {
                return loaded ??= Load();
            }
        }
    }

    public string CurrentKeyId => Keys.CurrentId;

    /// <summary>
    /// Makes sure the stored keys exist (generated, or imported from the old key file) and says what was done, for
    /// `onshi db migrate`; null when the keys are configured or were stored already.
    /// </summary>
    public string? PrepareStored()
    {
        if (options.Keys.Count > 0)
        {
            return null;
        }

        _ = Keys;
        return Interlocked.Exchange(ref note, null);
    }

    /// <summary>Loads (and if need be makes or imports) the keys now, outside any transaction of the caller's.</summary>
    public void EnsureLoaded() => _ = Keys;

    /// <summary>
    /// Loads (and if need be makes) the keys now, for the command line before it opens transactions; a failure (a
    /// schema not migrated yet, no certificate for `db certificate`) is left to the command that needs the keys.
    /// </summary>
    public void TryPrepare()
    {
        try
        {
            EnsureLoaded();
        }
        catch (Exception e) when (e is InvalidOperationException or DbException or DbUpdateException)
        {
            logger?.LogDebug(e, "The temporary-credential keys were not loaded ahead of the command");
        }
    }

    public bool HasKey(string keyId) => Keys.Secrets.ContainsKey(keyId);

    public IEnumerable<string> ConfiguredKeyIds => Keys.Secrets.Keys;

    /// <summary>Hashes a new password with the current key.</summary>
    public (string KeyId, byte[] Hash) HashWithCurrentKey(ReadOnlySpan<byte> salt, string password)
    {
        var current = Keys;
        return (current.CurrentId, CredentialHash.Compute(current.Secrets[current.CurrentId], salt, password));
    }

    /// <summary>
    /// A key for another purpose derived from a credential key (HKDF-SHA256), so that one secret to keep and rotate
    /// also seals what must be kept beside the hashes (a letter's password until it is printed) without reusing
    /// the HMAC key itself. Null when the key is not configured.
    /// </summary>
    public (string KeyId, byte[] Key) DerivedCurrentKey(string purpose) => (CurrentKeyId, Derive(CurrentKeyId, purpose)!);

    public byte[]? Derive(string keyId, string purpose) =>
        Keys.Secrets.TryGetValue(keyId, out var secret)
            ? HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, salt: [], info: System.Text.Encoding.UTF8.GetBytes(purpose))
            : null;

    public bool Verify(string keyId, ReadOnlySpan<byte> salt, string password, ReadOnlySpan<byte> expected)
    {
        if (!Keys.Secrets.TryGetValue(keyId, out var secret))
        {
            // Removing a key that outstanding letters still use is an operator's mistake, not a wrong password.
            throw new InvalidOperationException(
                $"The credential key '{keyId}' is not configured: keep a rotated key in Credentials:Keys until its credentials have expired.");
        }

        return CredentialHash.Matches(secret, salt, password, expected);
    }

    private sealed record LoadedKeys(string CurrentId, IReadOnlyDictionary<string, byte[]> Secrets);

    private LoadedKeys Load()
    {
        if (options.Keys.Count > 0)
        {
            return Validate(options.Keys, options.CurrentKeyId, "Credentials:Keys");
        }

        if (scopes is null)
        {
            throw new InvalidOperationException("Credentials:Keys is empty and this key ring has no database to keep a generated key in.");
        }

        // Synchronous on purpose: the ring is asked from synchronous code, once per process; this runs once.
        using var scope = scopes.CreateScope();
        var services = scope.ServiceProvider;
        if (services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlEncryptor is null)
        {
            // The command line in Production before the certificate is set: the key would be encrypted with a
            // data-protection key stored in clear, which `db migrate` later removes (and with it this key).
            throw new InvalidOperationException(KeyEncryption.MissingInProduction);
        }

        var protector = services.GetRequiredService<IDataProtectionProvider>().CreateProtector(ProtectionPurpose);
        var db = services.GetRequiredService<PortalDbContext>();
        var keyFile = Path.GetFullPath(options.KeyFile);
        var row = db.Set<StoredCredentialKeys>().AsNoTracking().FirstOrDefault(k => k.Id == StoredCredentialKeys.Generated);
        if (row is null)
        {
            var imported = File.Exists(keyFile);
            var json = imported ? File.ReadAllText(keyFile) : NewKeysJson();
            var parsed = Parse(json, keyFile);
            Validate(parsed.Keys, parsed.CurrentKeyId, imported ? keyFile : "the generated credential key");
            var candidate = new StoredCredentialKeys
            {
                Protected = protector.Protect(json),
                Origin = imported ? "imported" : "generated",
                CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow(),
            };
            db.Add(candidate);
            try
            {
                db.SaveChanges();
                row = candidate;
                note = imported
                    ? $"仮パスワードの鍵ファイル {keyFile} をデータベースに取り込みました（以後このファイルは読みません。docs/operations.md）。"
                    : "仮パスワードの鍵を生成し、データベースに暗号化して保存しました。";
                logger?.LogInformation("The temporary-credential key was {Origin} and stored, encrypted, in the database", candidate.Origin);
            }
            catch (DbUpdateException)
            {
                // Another node (or `onshi`) inserted first: its key is the one, ours is thrown away unused.
                db.ChangeTracker.Clear();
                row = db.Set<StoredCredentialKeys>().AsNoTracking().First(k => k.Id == StoredCredentialKeys.Generated);
            }
        }

        string stored;
        try
        {
            stored = protector.Unprotect(row.Protected);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException(
                "The temporary-credential key stored in the database cannot be decrypted: the data-protection key that encrypted it is " +
                "not readable with the configured certificate (DataProtection:Certificate / PreviousCertificates). Restore the certificate.", e);
        }

        var keys = Parse(stored, "the stored credential key");
        if (File.Exists(keyFile) && Parse(File.ReadAllText(keyFile), keyFile).Keys.Any(k => !keys.Keys.Exists(s => s.Id == k.Id)))
        {
            logger?.LogWarning("The credential key file {KeyFile} holds keys that the database does not; they are not used (docs/operations.md)", keyFile);
        }

        return Validate(keys.Keys, keys.CurrentKeyId, "the stored credential key");
    }

    private static CredentialOptions Parse(string json, string source) =>
        JsonSerializer.Deserialize<CredentialOptions>(json) ?? throw new InvalidOperationException($"The credential keys of {source} are empty.");

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

    /// <summary>A new key in the shape of the <c>Credentials</c> section, so that it can be moved into a secret store as it is.</summary>
    private static string NewKeysJson()
    {
        var id = "local-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        return JsonSerializer.Serialize(new
        {
            CurrentKeyId = id,
            Keys = new[] { new CredentialKey { Id = id, Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) } },
        });
    }
}
