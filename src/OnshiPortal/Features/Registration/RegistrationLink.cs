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
/// What a self-registering institution entered. The account it made is pending (確認待ち) until it is proven: by the
/// institution's own letter (仮ID・仮パスワード), or by an operator's check against the master (a call-back to the
/// master's phone). Until then it can file nothing, the institution's letter keeps working and, when used, wins
/// (<see cref="PendingRegistrations"/>, docs/security.md).
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

    /// <summary>When it was proven; null while pending or after it was refused.</summary>
    public DateTimeOffset? ConfirmedAt { get; set; }

    /// <summary>How it was proven: <see cref="Proof"/>.</summary>
    public string? ProvenBy { get; set; }

    /// <summary>When it was refused (the letter was used, or an operator refused it); its account is gone then.</summary>
    public DateTimeOffset? RefusedAt { get; set; }

    public string? RefusalReason { get; set; }

    public bool IsPending => ConfirmedAt is null && RefusedAt is null;

    /// <summary>The values of <see cref="ProvenBy"/>.</summary>
    public static class Proof
    {
        public const string Letter = "letter";
        public const string Operator = "operator";

        /// <summary>The confirmation code posted to the master's address (<see cref="RegistrationPins"/>).</summary>
        public const string Pin = "pin";

        /// <summary>Registered before registrations had to be proven (the migration that brought the rule).</summary>
        public const string BeforeTheRule = "before-rule";
    }
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
        builder.Property(r => r.ProvenBy).HasMaxLength(20);
        builder.Property(r => r.RefusalReason).HasMaxLength(300);
        builder.HasIndex(r => r.InstitutionCode);
        builder.HasIndex(r => r.UserId);

        // The few registrations of codes the master lacked: the dashboard's accounts that do not count, and the
        // operator's list of those to confirm.
        builder.HasIndex(r => new { r.InMaster, r.InstitutionCode });
    }
}
