using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnshiPortal.Features.Campaigns.Jobs;

public enum CampaignJobKind
{
    Issue,
    Export,
}

public enum CampaignJobState
{
    /// <summary>Asked for; no node has taken it yet.</summary>
    Queued = 0,

    /// <summary>A node holds its lease; when the lease runs out (the node died), another node takes it over.</summary>
    Running = 1,

    Done = 2,

    Failed = 3,
}

/// <summary>
/// An issue or export of a campaign asked for on the back office, kept in the database so that any node runs it and
/// any node shows its progress. A node holds a job by a lease it renews while it works (<see cref="ClaimedUntil"/>);
/// a node killed mid-job leaves a lease that runs out, and another node takes the job over where the work stands
/// (issue is resumable by batches, export by the files already stored).
/// </summary>
public sealed class CampaignJob
{
    public const int ClaimLength = 200;

    public long Id { get; set; }

    public long CampaignId { get; set; }

    public CampaignJobKind Kind { get; set; }

    public CampaignJobState State { get; set; }

    public string RequestedBy { get; set; } = string.Empty;

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>What the job is doing now, in Japanese for the page.</summary>
    public string Phase { get; set; } = CampaignJobs.WaitingPhase;

    public int Done { get; set; }

    public int Total { get; set; }

    /// <summary>Why the job failed, for the operator (Japanese; the system's reason is in the log).</summary>
    public string? Error { get; set; }

    /// <summary>The node's claim token while it holds the job.</summary>
    public string? ClaimedBy { get; set; }

    public DateTimeOffset? ClaimedUntil { get; set; }

    /// <summary>How many times a node took the job: a job that kills every node that takes it stops after a few.</summary>
    public int Attempts { get; set; }

    /// <summary>The export's plan (letters and their order), so that a node taking over keeps the files already stored only when they still fit.</summary>
    public string? PlanHash { get; set; }

    public bool IsActive => State is CampaignJobState.Queued or CampaignJobState.Running;

    public int Percent => Total == 0 ? 0 : (int)(100L * Done / Total);
}

internal sealed class CampaignJobConfiguration : IEntityTypeConfiguration<CampaignJob>
{
    /// <summary>The claim is raw SQL, so the table name is fixed here.</summary>
    public const string Table = "CampaignJobs";

    public void Configure(EntityTypeBuilder<CampaignJob> builder)
    {
        builder.ToTable(Table);
        builder.Property(j => j.RequestedBy).HasMaxLength(256);
        builder.Property(j => j.Phase).HasMaxLength(100);
        builder.Property(j => j.Error).HasMaxLength(1000);
        builder.Property(j => j.ClaimedBy).HasMaxLength(CampaignJob.ClaimLength);
        builder.Property(j => j.PlanHash).HasMaxLength(64).IsUnicode(false);

        // One active job per campaign, whichever node is asked: the database refuses a second one.
        builder.HasIndex(j => j.CampaignId).IsUnique().HasFilter("\"State\" < 2").HasDatabaseName("IX_CampaignJobs_Active");

        // The campaign page's "latest job", and the runners' "next job to take".
        builder.HasIndex(j => new { j.CampaignId, j.Id });
        builder.HasIndex(j => new { j.State, j.Id });
        builder.HasOne<Campaign>().WithMany().HasForeignKey(j => j.CampaignId).OnDelete(DeleteBehavior.Cascade);
    }
}
