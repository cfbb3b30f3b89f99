using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnshiPortal.Features.Subsidy.Payments;

internal sealed class PaymentBatchConfiguration : IEntityTypeConfiguration<PaymentBatch>
{
    public void Configure(EntityTypeBuilder<PaymentBatch> builder)
    {
        builder.ToTable("PaymentBatches");
        builder.HasIndex(b => new { b.Month, b.Number }).IsUnique();
        builder.Property(b => b.ClosedBy).HasMaxLength(256);
        builder.Property(b => b.SettledBy).HasMaxLength(256);
        builder.Property(b => b.TransferFileSha256).HasMaxLength(64);
        builder.HasMany(b => b.Payments).WithOne(p => p.Batch).HasForeignKey(p => p.BatchId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SubsidyPaymentConfiguration : IEntityTypeConfiguration<SubsidyPayment>
{
    public void Configure(EntityTypeBuilder<SubsidyPayment> builder)
    {
        builder.ToTable("SubsidyPayments");
        builder.HasIndex(p => p.PayKey).IsUnique();
        builder.HasIndex(p => p.FilingId);
        builder.HasOne<Filings.Filing>().WithMany().HasForeignKey(p => p.FilingId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(p => p.ReceiptNumber).HasMaxLength(32);
        builder.Property(p => p.InstitutionCode).HasMaxLength(10);
        builder.Property(p => p.BankCode).HasMaxLength(4);
        builder.Property(p => p.BranchCode).HasMaxLength(3);
        // Sealed (PrivateEntries): the ciphertext of 7 digits and of 30 カナ, with room to spare.
        builder.Property(p => p.AccountNumber).HasMaxLength(400);
        builder.Property(p => p.HolderName).HasMaxLength(400);
        builder.Property(p => p.ReturnReason).HasMaxLength(200);
        builder.Ignore(p => p.CustomerCode);
    }
}
