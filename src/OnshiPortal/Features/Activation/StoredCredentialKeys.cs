using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnshiPortal.Features.Activation;

/// <summary>
/// The temporary-credential keys the portal made itself because none is configured (<c>Credentials:Keys</c>), or
/// imported from the key file of an earlier version: one row, shared by every node, so that two nodes never make
/// two keys. The keys are encrypted with the data-protection key ring (whose keys are encrypted with the
/// certificate, which is not in the database): a copy of the database alone cannot test a guess.
/// </summary>
public sealed class StoredCredentialKeys
{
    /// <summary>The one row's key: a unique value, so that two nodes inserting at once end with one row.</summary>
    public const string Generated = "generated";

    public string Id { get; set; } = Generated;

    /// <summary>The keys in the shape of the <c>Credentials</c> section (JSON), protected with data protection.</summary>
    public string Protected { get; set; } = string.Empty;

    /// <summary>"generated" or "imported" (from the key file of an earlier version).</summary>
    public string Origin { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class StoredCredentialKeysConfiguration : IEntityTypeConfiguration<StoredCredentialKeys>
{
    public void Configure(EntityTypeBuilder<StoredCredentialKeys> builder)
    {
        builder.ToTable("StoredCredentialKeys");
        builder.Property(k => k.Id).HasMaxLength(32).IsUnicode(false);
        builder.Property(k => k.Origin).HasMaxLength(16).IsUnicode(false);
    }
}
