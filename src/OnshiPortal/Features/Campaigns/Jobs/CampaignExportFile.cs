using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnshiPortal.Features.Campaigns.Jobs;

/// <summary>
/// A print file of a back-office export, its content in the database's file store: a PDF of letters, a manifest or
/// SHA256SUMS. The files of an export become the campaign's print files together, when the export completes
/// (<see cref="Published"/>); until then they belong to the job alone, so that a node taking the job over keeps them.
/// </summary>
public sealed class CampaignExportFile
{
    public long Id { get; set; }

    public long CampaignId { get; set; }

    public long JobId { get; set; }

    public string Name { get; set; } = string.Empty;

    /// <summary>The content in the file store (Infrastructure/Files).</summary>
    public Guid StoredFileId { get; set; }

    public int Letters { get; set; }

    public long Bytes { get; set; }

    public string Sha256 { get; set; } = string.Empty;

    public bool Published { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class CampaignExportFileConfiguration : IEntityTypeConfiguration<CampaignExportFile>
{
    public void Configure(EntityTypeBuilder<CampaignExportFile> builder)
    {
        builder.ToTable("CampaignExportFiles");
        builder.Property(f => f.Name).HasMaxLength(100);
        builder.Property(f => f.Sha256).HasMaxLength(64).IsUnicode(false);

        // A file of a job once, whichever node stored it.
        builder.HasIndex(f => new { f.JobId, f.Name }).IsUnique();
        builder.HasIndex(f => new { f.CampaignId, f.Published });
        builder.HasOne<CampaignJob>().WithMany().HasForeignKey(f => f.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}
