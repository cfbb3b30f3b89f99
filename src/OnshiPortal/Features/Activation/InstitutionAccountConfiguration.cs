using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Activation;

/// <summary>
/// The institution a person belongs to: many people per institution, one account of record
/// (<see cref="PortalUser.AccountOf"/>, unique; nulls, everybody else, are many).
/// </summary>
internal sealed class InstitutionAccountConfiguration : IEntityTypeConfiguration<PortalUser>
{
    public void Configure(EntityTypeBuilder<PortalUser> builder)
    {
        builder.Property(u => u.InstitutionCode).HasMaxLength(InstitutionCode.Length).IsUnicode(false);
        builder.HasIndex(u => u.InstitutionCode);
        builder.Property(u => u.AccountOf).HasMaxLength(InstitutionCode.Length).IsUnicode(false);
        builder.HasIndex(u => u.AccountOf).IsUnique();
        builder.Property(u => u.VendorCompany).HasMaxLength(100);
        builder.Property(u => u.Language).HasMaxLength(2).IsUnicode(false).HasDefaultValue(Languages.Japanese);
    }
}
