namespace OnshiPortal.Features.Activation;

/// <summary>The <c>Credentials</c> section of the configuration (README: Temporary credentials).</summary>
public sealed class CredentialOptions
{
    public const string Section = "Credentials";

    public const string DefaultKeyFile = "data/credential-keys.json";

    /// <summary>How long a letter's temporary credential works.</summary>
    public int ExpiryDays { get; set; } = 120;

    /// <summary>An unused letter's institution is reminded by mail this many days before it expires, when the portal has an address (Reminders/LetterExpiryReminders).</summary>
    public int RemindDaysBeforeExpiry { get; set; } = 14;

    /// <summary>
    /// The key file of earlier versions (which generated the key there when none was configured): imported once into
    /// the database, encrypted (<see cref="StoredCredentialKeys"/>), and not read after that. Relative to the
    /// current folder, as the database is.
    /// </summary>
    public string KeyFile { get; set; } = DefaultKeyFile;

    /// <summary>Production: the keys from configuration (a secret store), old ones kept until their letters expire.</summary>
    public List<CredentialKey> Keys { get; set; } = [];

    /// <summary>The key new credentials are hashed with; may be left out when there is one key.</summary>
    public string? CurrentKeyId { get; set; }
}

/// <summary>A named HMAC key; the name is stored with each credential so that a rotation keeps old letters working.</summary>
public sealed class CredentialKey
{
    public const int MaxIdLength = 50;

    public const int MinSecretBytes = 32;

    public string Id { get; set; } = string.Empty;

    /// <summary>Base64, at least 32 bytes.</summary>
    public string Secret { get; set; } = string.Empty;
}
