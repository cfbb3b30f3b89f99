using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnshiPortal.Features.Activation;

/// <summary>
/// アカウント登録 waiting for its e-mail to be proven: what the institution entered on アカウント情報編集, until
/// the one-time link mailed to the new address is followed. Until then the temporary credential still works.
/// </summary>
public sealed class ActivationRequest
{
    public long Id { get; set; }

    public required string InstitutionCode { get; set; }

    /// <summary>The temporary credential that was used to log in; it is spent when the activation completes.</summary>
    public long CredentialId { get; set; }

    public required string Email { get; set; }

    /// <summary>Identity's password hash of the chosen password (never the password).</summary>
    public required string PasswordHash { get; set; }

    public string Phone { get; set; } = string.Empty;

    /// <summary>担当者.</summary>
    public string ContactPerson { get; set; } = string.Empty;

    /// <summary>SHA-256 of the link's token (hex): the database alone cannot complete an activation.</summary>
    public required string TokenHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset LastSentAt { get; set; }

    public int SendCount { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}

internal sealed class ActivationRequestConfiguration : IEntityTypeConfiguration<ActivationRequest>
{
    public void Configure(EntityTypeBuilder<ActivationRequest> builder)
    {
        builder.ToTable("ActivationRequests");
        builder.Property(r => r.InstitutionCode).HasMaxLength(10);
        builder.Property(r => r.Email).HasMaxLength(256);
        builder.Property(r => r.Phone).HasMaxLength(30);
        builder.Property(r => r.ContactPerson).HasMaxLength(100);
        builder.Property(r => r.TokenHash).HasMaxLength(64);
        builder.HasIndex(r => r.TokenHash).IsUnique();
        builder.HasIndex(r => r.InstitutionCode);
    }
}
