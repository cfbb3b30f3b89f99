using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace OnshiPortal.Infrastructure.Data;

/// <summary>What <see cref="DataProtectionKeyRing.PrepareAsync"/> did.</summary>
public sealed record KeyRingPreparation(int PlaintextKeysRemoved, bool KeyCreated);

/// <summary>
/// The shared key ring in the database, prepared by the deployment step (<c>onshi db migrate</c>) or by a node that
/// migrates on start: keys stored before their encryption was configured are removed, and a current key exists.
/// </summary>
public static class DataProtectionKeyRing
{
    /// <summary>
    /// A key written before the certificate was configured has its secret in clear in the table (and in every backup
    /// taken since): it is removed, not re-encrypted, because the copies already out there would still mint cookies
    /// that it verifies. Sessions, links and drafts it protected end (people log in again); every node must be
    /// restarted after this step so that none keeps the removed key in its cached ring (docs/operations.md).
    /// <para>
    /// Then the first key is made here, once, before any node starts: nodes starting together on an empty key table
    /// would each make their own and, after the first minutes, refuse each other's cookies until the key ring's daily
    /// refresh. Later keys are made ahead of expiry by whichever node comes first, and shared.
    /// </para>
    /// </summary>
    public static async Task<KeyRingPreparation> PrepareAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        if (services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlEncryptor is null)
        {
            throw new InvalidOperationException(KeyEncryption.MissingInProduction);
        }

        var db = services.GetRequiredService<PortalDbContext>();
        var rows = await db.Set<DataProtectionKey>().AsNoTracking().Select(k => new { k.Id, k.Xml }).ToListAsync(cancellationToken);
        var plaintext = rows.Where(r => IsPlaintextKey(r.Xml)).Select(r => r.Id).ToList();
        if (plaintext.Count > 0)
        {
            await db.Set<DataProtectionKey>().Where(k => plaintext.Contains(k.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        var keys = services.GetRequiredService<IKeyManager>();
        var now = DateTimeOffset.UtcNow;
        var created = false;
        if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now.AddDays(7)))
        {
            keys.CreateNewKey(activationDate: now, expirationDate: now.AddDays(90));
            created = true;
        }

        return new KeyRingPreparation(plaintext.Count, created);
    }

    /// <summary>A key element whose master key is stored as it is rather than as an <c>encryptedSecret</c>.</summary>
    public static bool IsPlaintextKey(string? xml)
    {
        if (string.IsNullOrEmpty(xml))
        {
            return false;
        }

        var element = XElement.Parse(xml);
        return element.Name.LocalName == "key"
            && element.Descendants().Any(e => e.Name.LocalName == "masterKey")
            && !element.Descendants().Any(e => e.Name.LocalName == "encryptedSecret");
    }
}
