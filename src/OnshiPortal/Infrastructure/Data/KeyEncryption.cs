using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace OnshiPortal.Infrastructure.Data;

/// <summary>A certificate file: PKCS#12 (.pfx/.p12, with an optional password) or PEM (the certificate and its key).</summary>
public sealed class CertificateFile
{
    public string? Path { get; set; }

    /// <summary>PEM only: the private key's file (PKCS#8 or the certificate file itself when it holds both).</summary>
    public string? KeyPath { get; set; }

    public string? Password { get; set; }
}

/// <summary><c>DataProtection</c> settings: the certificate that encrypts the data-protection keys at rest.</summary>
public sealed class KeyEncryptionOptions
{
    public const string Section = "DataProtection";

    /// <summary>Outside Production, with no certificate configured: made on first use, beside the database.</summary>
    public const string DefaultFile = "data/dataprotection-certificate.pfx";

    public CertificateFile? Certificate { get; set; }

    /// <summary>Certificates of earlier rotations: keys they encrypted stay readable until those keys expire.</summary>
    public List<CertificateFile> PreviousCertificates { get; set; } = [];
}

/// <summary>
/// The data-protection keys (which sign every cookie, link and sealed draft) lie in the database so that every node
/// shares them. Each key's secret is encrypted there with a certificate that is not in the database, so a backup or
/// a read-only SQL leak cannot mint an Admin's cookie (docs/security.md, ASVS 6.4.1). Production refuses to start
/// without the certificate; elsewhere one is made on first use into <see cref="KeyEncryptionOptions.DefaultFile"/>.
/// </summary>
public static class KeyEncryption
{
    public const string MissingInProduction =
        "DataProtection:Certificate:Path is not set: the data-protection keys would lie unencrypted in the database, " +
        "where a backup could mint any session. Make a certificate (`onshi db certificate --out FILE`, or openssl) and " +
        "set DataProtection__Certificate__Path (docs/operations.md); not starting.";

    /// <summary>The certificate new keys are encrypted with, and every certificate old keys may be decrypted with.</summary>
    /// <param name="commandLine">
    /// The command line starts without one in Production, so that `db certificate` can make it; it makes no keys
    /// then (`db migrate` refuses, <see cref="DataProtectionKeyRing.PrepareAsync"/>).
    /// </param>
    public static IDataProtectionBuilder ProtectKeysAtRest(this IDataProtectionBuilder builder, IConfiguration configuration, IHostEnvironment environment, bool commandLine)
    {
        var options = configuration.GetSection(KeyEncryptionOptions.Section).Get<KeyEncryptionOptions>() ?? new KeyEncryptionOptions();
        X509Certificate2 current;
        if (!string.IsNullOrWhiteSpace(options.Certificate?.Path))
        {
            if (commandLine && !File.Exists(options.Certificate.Path))
            {
                // The environment file may name it before `db certificate` has made it; `db migrate` still refuses.
                return builder;
            }

            current = Load(options.Certificate);
        }
        else if (environment.IsProduction())
        {
            return commandLine ? builder : throw new InvalidOperationException(MissingInProduction);
        }
        else
        {
            current = LoadOrCreate(Path.GetFullPath(KeyEncryptionOptions.DefaultFile));
        }

        builder.ProtectKeysWithCertificate(current);
        builder.UnprotectKeysWithAnyCertificate([current, .. options.PreviousCertificates.Select(Load)]);
        return builder;
    }

    public static X509Certificate2 Load(CertificateFile file)
    {
        var path = file.Path ?? throw new InvalidOperationException("DataProtection: a certificate entry has no Path.");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"DataProtection: the certificate file {path} does not exist.");
        }

        var certificate = path.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".crt", StringComparison.OrdinalIgnoreCase)
            ? X509Certificate2.CreateFromPemFile(path, file.KeyPath)
            : X509CertificateLoader.LoadPkcs12FromFile(path, file.Password, X509KeyStorageFlags.EphemeralKeySet);
        if (!certificate.HasPrivateKey || certificate.GetRSAPrivateKey() is null)
        {
            throw new InvalidOperationException($"DataProtection: the certificate {path} needs its RSA private key.");
        }

        return certificate;
    }

    /// <summary>A new self-signed RSA certificate for key encryption, as PKCS#12 bytes (no password: the file is 0600).</summary>
    public static byte[] NewCertificate(TimeProvider clock)
    {
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=OnshiPortal data-protection key encryption", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        var now = clock.GetUtcNow();

        // The validity dates are not checked when decrypting; ten years only says how long it is meant to serve.
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        return certificate.Export(X509ContentType.Pkcs12);
    }

    private static X509Certificate2 LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            OwnerOnlyFile.WriteAtomically(path, stream => stream.Write(NewCertificate(TimeProvider.System)), overwrite: false);
        }

        return Load(new CertificateFile { Path = path });
    }
}
