using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OnshiPortal.Features.Institutions;

namespace OnshiPortal.Features.Activation;

internal sealed class TemporaryCredentialConfiguration : IEntityTypeConfiguration<TemporaryCredential>
{
    public void Configure(EntityTypeBuilder<TemporaryCredential> builder)
    {
        builder.ToTable("TemporaryCredentials");
        builder.Property(c => c.InstitutionCode).HasMaxLength(InstitutionCode.Length).IsUnicode(false);
        builder.Property(c => c.LoginId).HasMaxLength(LoginId.MaxLength).IsUnicode(false);
        builder.Property(c => c.Salt).HasMaxLength(CredentialHash.SaltLength);
        builder.Property(c => c.Hash).HasMaxLength(CredentialHash.HashLength);
        builder.Property(c => c.KeyId).HasMaxLength(CredentialKey.MaxIdLength).IsUnicode(false);
        builder.Property(c => c.IssuedBy).HasMaxLength(256);
        builder.HasIndex(c => c.LoginId).IsUnique();

        // Also the index for "every credential of this institution" (reissue, next NN), and what keeps two
        // concurrent issues for one institution from both getting the same NN.
        builder.HasIndex(c => new { c.InstitutionCode, c.Sequence }).IsUnique();

        // Institutions are closed, never deleted; a credential must not vanish with one by accident.
        builder.HasOne<Institution>().WithMany().HasForeignKey(c => c.InstitutionCode).OnDelete(DeleteBehavior.Restrict);
    }
}
