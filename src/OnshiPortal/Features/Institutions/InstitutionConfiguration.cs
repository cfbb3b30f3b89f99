using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnshiPortal.Features.Institutions;

internal sealed class InstitutionConfiguration : IEntityTypeConfiguration<Institution>
{
    public void Configure(EntityTypeBuilder<Institution> builder)
    {
        // The code is the key: a code lookup, and a prefix search by code (a range on the key), never scan.
        builder.HasKey(i => i.Code);
        builder.Property(i => i.Code).HasMaxLength(InstitutionCode.Length).IsUnicode(false);
        builder.Property(i => i.Name).HasMaxLength(200);
        builder.Property(i => i.NameKana).HasMaxLength(200);
        builder.Property(i => i.Founder).HasMaxLength(200);
        builder.Property(i => i.Manager).HasMaxLength(200);
        builder.Property(i => i.PostalCode).HasMaxLength(7).IsUnicode(false);
        builder.Property(i => i.Address).HasMaxLength(300);
        builder.Property(i => i.Phone).HasMaxLength(30).IsUnicode(false);
        builder.Property(i => i.PhoneDigits).HasMaxLength(20).IsUnicode(false);
        builder.Property(i => i.SearchText).HasMaxLength(401);
        builder.Property(i => i.PredecessorCode).HasMaxLength(InstitutionCode.Length).IsUnicode(false);
        builder.HasIndex(i => i.PredecessorCode);
        builder.Property(i => i.SuccessorCode).HasMaxLength(InstitutionCode.Length).IsUnicode(false);
        builder.Ignore(i => i.PostalCodeDisplay);
        builder.HasIndex(i => i.PhoneDigits);
        builder.HasIndex(i => new { i.Prefecture, i.Kind, i.Status });
        builder.HasMany(i => i.Revisions).WithOne().HasForeignKey(r => r.InstitutionCode);
        builder.HasOne<ImportRun>().WithMany().HasForeignKey(i => i.CreatedByImportRunId);
    }
}

internal sealed class InstitutionRevisionConfiguration : IEntityTypeConfiguration<InstitutionRevision>
{
    public void Configure(EntityTypeBuilder<InstitutionRevision> builder)
    {
        builder.Property(r => r.InstitutionCode).HasMaxLength(InstitutionCode.Length).IsUnicode(false);
        builder.Property(r => r.ChangedBy).HasMaxLength(256);
        builder.HasIndex(r => new { r.InstitutionCode, r.ChangedAt });
        builder.HasOne<ImportRun>().WithMany().HasForeignKey(r => r.ImportRunId);
    }
}

internal sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> builder)
    {
        builder.Property(r => r.FileName).HasMaxLength(500);
        builder.Property(r => r.Encoding).HasMaxLength(20);
        builder.Property(r => r.RunBy).HasMaxLength(256);
    }
}
