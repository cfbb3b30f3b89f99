using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Activation;

/// <summary>The institution an account belongs to: at most one account per institution (nulls, operators, are many).</summary>
internal sealed class InstitutionAccountConfiguration : IEntityTypeConfiguration<PortalUser>
{
    public void Configure(EntityTypeBuilder<PortalUser> builder)
    {
        builder.Property(u => u.InstitutionCode).HasMaxLength(InstitutionCode.Length).IsUnicode(false);
        builder.HasIndex(u => u.InstitutionCode).IsUnique();
        builder.Property(u => u.Language).HasMaxLength(2).IsUnicode(false).HasDefaultValue(Languages.Japanese);
    }
}
