using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Institutions;

namespace OnshiPortal.Features.People;

/// <summary>
/// 招待: a 管理者 asks a named person to join the institution with a role (or, with <see cref="VendorCompany"/>, a
/// vendor's person to act on chosen procedures). The mailed link is good once, for 24 hours; only its hash is kept.
/// </summary>
public sealed class Invitation
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public long Id { get; set; }

    public required string InstitutionCode { get; set; }

    public required string Email { get; set; }

    /// <summary>氏名, as the 管理者 typed it: the person's display name once they accept.</summary>
    public required string DisplayName { get; set; }

    /// <summary>The role offered; null for a vendor's person.</summary>
    public InstitutionRole? Role { get; set; }

    /// <summary>Set for a vendor's person: their company, the procedures and the delegation's last day.</summary>
    public string? VendorCompany { get; set; }

    public string? Procedures { get; set; }

    public DateOnly? EndsOn { get; set; }

    /// <summary>SHA-256 of the link's token (hex).</summary>
    public required string TokenHash { get; set; }

    /// <summary>The user id of the 管理者 who invited (the audit names them by e-mail).</summary>
    public required string InvitedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? AcceptedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsOpen(DateTimeOffset now) => AcceptedAt is null && RevokedAt is null && now < ExpiresAt;

    /// <summary>
    /// The open invitation among <paramref name="invitations"/> (a person's, or a vendor's) that a link's token names;
    /// null for a missing, malformed, expired, used or revoked one alike.
    /// </summary>
    public static async Task<Invitation?> OpenByTokenAsync(IQueryable<Invitation> invitations, string? token, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invitations);
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }

        var hash = ActivationToken.Hash(token);
        var invitation = await invitations.AsNoTracking().FirstOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        return invitation is not null && invitation.IsOpen(now) ? invitation : null;
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> builder)
    {
        builder.ToTable("Invitations");
        builder.Property(i => i.InstitutionCode).HasMaxLength(InstitutionCode.Length).IsUnicode(false);
        builder.Property(i => i.Email).HasMaxLength(256);
        builder.Property(i => i.DisplayName).HasMaxLength(100);
        builder.Property(i => i.VendorCompany).HasMaxLength(100);
        builder.Property(i => i.Procedures).HasMaxLength(200).IsUnicode(false);
        builder.Property(i => i.TokenHash).HasMaxLength(64).IsUnicode(false);
        builder.Property(i => i.InvitedBy).HasMaxLength(256);
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.HasIndex(i => i.InstitutionCode);
        builder.HasIndex(i => i.ExpiresAt);
    }
}
