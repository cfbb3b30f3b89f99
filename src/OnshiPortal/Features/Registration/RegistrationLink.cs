using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnshiPortal.Features.Registration;

/// <summary>仮登録: the one-time URL mailed to an address that asked to register (valid 24 hours).</summary>
public sealed class RegistrationLink
{
    public long Id { get; set; }

    public required string Email { get; set; }

    /// <summary>SHA-256 of the URL's token (hex).</summary>
    public required string TokenHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }
}

/// <summary>
/// What a self-registering institution entered. For a code the master does not know yet the account is
/// unconfirmed until an operator confirms it against the master.
/// </summary>
public sealed class SelfRegistration
{
    public long Id { get; set; }

    public required string UserId { get; set; }

    public required string InstitutionCode { get; set; }

    public bool InMaster { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Founder { get; set; } = string.Empty;

    public string PostalCode { get; set; } = string.Empty;

    public string Address { get; set; } = string.Empty;

    public string Phone { get; set; } = string.Empty;

    public string ContactPerson { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ConfirmedAt { get; set; }
}

internal sealed class RegistrationConfiguration : IEntityTypeConfiguration<RegistrationLink>, IEntityTypeConfiguration<SelfRegistration>
{
    public void Configure(EntityTypeBuilder<RegistrationLink> builder)
    {
        builder.ToTable("RegistrationLinks");
        builder.Property(l => l.Email).HasMaxLength(256);
        builder.Property(l => l.TokenHash).HasMaxLength(64);
        builder.HasIndex(l => l.TokenHash).IsUnique();
    }

    public void Configure(EntityTypeBuilder<SelfRegistration> builder)
    {
        builder.ToTable("SelfRegistrations");
        builder.Property(r => r.UserId).HasMaxLength(450);
        builder.Property(r => r.InstitutionCode).HasMaxLength(10);
        builder.Property(r => r.Name).HasMaxLength(200);
        builder.Property(r => r.Founder).HasMaxLength(200);
        builder.Property(r => r.PostalCode).HasMaxLength(7);
        builder.Property(r => r.Address).HasMaxLength(300);
        builder.Property(r => r.Phone).HasMaxLength(30);
        builder.Property(r => r.ContactPerson).HasMaxLength(100);
        builder.HasIndex(r => r.InstitutionCode);
        builder.HasIndex(r => r.UserId);

        // The few registrations of codes the master lacked: the dashboard's accounts that do not count, and the
        // operator's list of those to confirm.
        builder.HasIndex(r => new { r.InMaster, r.InstitutionCode });
    }
}
