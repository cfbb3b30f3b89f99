using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Institutions;

namespace OnshiPortal.Features.Filings;

internal sealed class FilingConfiguration : IEntityTypeConfiguration<Filing>
{
    public void Configure(EntityTypeBuilder<Filing> builder)
    {
        builder.Property(f => f.ReceiptNumber).HasMaxLength(20).IsUnicode(false);
        builder.HasIndex(f => f.ReceiptNumber).IsUnique();
        builder.Property(f => f.InstitutionCode).HasMaxLength(InstitutionCode.Length).IsUnicode(false);
        builder.Property(f => f.InstitutionName).HasMaxLength(200);
        builder.Property(f => f.FiledByUserId).HasMaxLength(450);
        builder.Property(f => f.SuccessorCode).HasMaxLength(InstitutionCode.Length).IsUnicode(false);
        builder.Property(f => f.DeferralCategory).HasMaxLength(50);
        builder.Property(f => f.OpenKey).HasMaxLength(20).IsUnicode(false);
        builder.HasIndex(f => f.OpenKey).IsUnique();
        builder.HasIndex(f => new { f.Type, f.State, f.SubmittedAt });
        builder.HasIndex(f => f.InstitutionCode);
        builder.HasIndex(f => f.FiledByUserId);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(f => f.FiledByUserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(f => f.Events).WithOne().HasForeignKey(e => e.FilingId);
        builder.HasMany(f => f.Attachments).WithOne().HasForeignKey(a => a.FilingId);
    }
}

internal sealed class FilingEventConfiguration : IEntityTypeConfiguration<FilingEvent>
{
    public void Configure(EntityTypeBuilder<FilingEvent> builder)
    {
        builder.Property(e => e.Actor).HasMaxLength(256);
        builder.Property(e => e.Reason).HasMaxLength(2000);
        builder.Property(e => e.Documents).HasMaxLength(500).IsUnicode(false);
        builder.HasIndex(e => e.IdempotencyKey).IsUnique();
        builder.HasIndex(e => new { e.FilingId, e.At });
    }
}

internal sealed class FilingAttachmentConfiguration : IEntityTypeConfiguration<FilingAttachment>
{
    public void Configure(EntityTypeBuilder<FilingAttachment> builder)
    {
        builder.Property(a => a.Document).HasMaxLength(50).IsUnicode(false);
        builder.Property(a => a.FileName).HasMaxLength(255);
        builder.Property(a => a.ContentType).HasMaxLength(50).IsUnicode(false);
        builder.Property(a => a.StoredName).HasMaxLength(64).IsUnicode(false);
    }
}

internal sealed class ReceiptCounterConfiguration : IEntityTypeConfiguration<ReceiptCounter>
{
    public void Configure(EntityTypeBuilder<ReceiptCounter> builder)
    {
        builder.ToTable("ReceiptCounters");
        builder.HasKey(c => new { c.Prefix, c.Year });
        builder.Property(c => c.Prefix).HasMaxLength(4).IsUnicode(false);
    }
}
