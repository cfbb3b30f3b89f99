using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnshiPortal.Infrastructure.Scheduling;

public enum ScheduledTrigger
{
    Schedule = 0,
    Manual = 1,
}

/// <summary>
/// One occurrence of a scheduled job: inserted by whichever node first sees it due (the unique index refuses the
/// others), claimed under a lease by the node that runs it, and closed with its summary or error. A row that is
/// finished never runs again; a row whose lease ran out without finishing is taken over (<see cref="Attempts"/>).
/// </summary>
public sealed class ScheduledRun
{
    public const int ClaimLength = 200;

    public const int SummaryLength = 500;

    public const int ErrorLength = 1000;

    public long Id { get; set; }

    public string JobName { get; set; } = string.Empty;

    /// <summary>The scheduled instant (UTC); for a manual run the instant of the request.</summary>
    public DateTimeOffset OccurrenceAt { get; set; }

    public ScheduledTrigger Trigger { get; set; }

    /// <summary>The operator who asked for a manual run (login name), or the command line's user.</summary>
    public string? RequestedBy { get; set; }

    /// <summary>The claim token of the node that holds (or last held) the run.</summary>
    public string? ClaimedBy { get; set; }

    /// <summary>Until when the holder's lease lasts; null when nobody holds it.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }

    /// <summary>When the first attempt began.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public int Attempts { get; set; }

    /// <summary>What the job said it did ("sent 12, skipped 3").</summary>
    public string? Summary { get; set; }

    /// <summary>Why it failed, short and without secrets (the log keeps the rest); null when it succeeded.</summary>
    public string? Error { get; set; }
}

internal sealed class ScheduledRunConfiguration : IEntityTypeConfiguration<ScheduledRun>
{
    public void Configure(EntityTypeBuilder<ScheduledRun> builder)
    {
        builder.ToTable("ScheduledRuns");
        builder.Property(r => r.JobName).HasMaxLength(100);
        builder.Property(r => r.RequestedBy).HasMaxLength(256);
        builder.Property(r => r.ClaimedBy).HasMaxLength(ScheduledRun.ClaimLength);
        builder.Property(r => r.Summary).HasMaxLength(ScheduledRun.SummaryLength);
        builder.Property(r => r.Error).HasMaxLength(ScheduledRun.ErrorLength);

        // Two nodes seeing the same occurrence due insert it once: the second insert is refused.
        builder.HasIndex(r => new { r.JobName, r.OccurrenceAt, r.Trigger }).IsUnique();

        // One unfinished run per job: a second "run now", or the next occurrence while one still runs, waits (the
        // occurrence is inserted at a later poll, once the run has finished).
        builder.HasIndex(r => r.JobName).IsUnique().HasFilter("\"FinishedAt\" IS NULL").HasDatabaseName("IX_ScheduledRuns_Unfinished");
    }
}
