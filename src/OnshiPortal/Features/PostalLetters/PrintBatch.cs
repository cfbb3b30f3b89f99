using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnshiPortal.Features.PostalLetters;

/// <summary>
/// A close of the print queue: the letters it took (<see cref="PostalLetter.BatchId"/>) were chosen and marked in the
/// transaction that made this row, before any file was written, so that a close killed after its commit is finished
/// by writing this batch's files again, never by putting its letters in another batch.
/// </summary>
public sealed class PrintBatch
{
    public long Id { get; set; }

    public DateTimeOffset ClosedAt { get; set; }

    public required string ClosedBy { get; set; }

    public int Letters { get; set; }

    /// <summary>When the files were last written out (by <c>onshi post batch</c>) or downloaded; null while none were.</summary>
    public DateTimeOffset? WrittenAt { get; set; }
}

internal sealed class PrintBatchConfiguration : IEntityTypeConfiguration<PrintBatch>
{
    public void Configure(EntityTypeBuilder<PrintBatch> builder)
    {
        builder.ToTable("PrintBatches");
        builder.Property(b => b.ClosedBy).HasMaxLength(256);
        builder.HasIndex(b => b.WrittenAt);
    }
}
