using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnshiPortal.Features.Status;

/// <summary>What the status page reports.</summary>
public enum IncidentKind
{
    /// <summary>障害: something does not work.</summary>
    Outage = 0,

    /// <summary>メンテナンス: work that stops or slows the portal on purpose.</summary>
    Maintenance = 1,
}

public static class IncidentKinds
{
    public static string Japanese(this IncidentKind kind) => kind == IncidentKind.Maintenance ? "メンテナンス" : "障害";
}

/// <summary>
/// 障害・メンテナンス情報: one incident an operator reports on /status, from its opening to its close. While open it
/// is the banner on every page; its reports (<see cref="IncidentUpdate"/>) are Markdown, written like news.
/// </summary>
public sealed class Incident
{
    public const int MaxTitleLength = 100;

    public long Id { get; set; }

    public IncidentKind Kind { get; set; }

    public required string Title { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    /// <summary>When the operator closed it (復旧); the all-clear mail goes from then.</summary>
    public DateTimeOffset? ResolvedAt { get; set; }

    public string OpenedBy { get; set; } = string.Empty;

    public List<IncidentUpdate> Updates { get; } = [];

    public bool IsOpen => ResolvedAt is null;
}

/// <summary>One report of an incident: the first, each one after, and the last (<see cref="Resolves"/>).</summary>
public sealed class IncidentUpdate
{
    public const int MaxBodyLength = 5000;

    public long Id { get; set; }

    public long IncidentId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Markdown, shown through NoticeMarkdown (no raw HTML).</summary>
    public required string Body { get; set; }

    public string By { get; set; } = string.Empty;

    public bool Resolves { get; set; }
}

/// <summary>Which mail of an incident goes: when it opens, and the all-clear when it is closed.</summary>
public enum IncidentMailPhase
{
    Opened = 0,
    Resolved = 1,
}

/// <summary>
/// One mail of an incident to the people who asked for it (MailTopics.Status), walked by person id a batch at a time
/// as NoticeMailing does: made in the transaction that opens or closes the incident, so the mail is never lost, and
/// the cursor makes each person get it once whatever the nodes do.
/// </summary>
public sealed class IncidentMailing
{
    public long Id { get; set; }

    public long IncidentId { get; set; }

    public IncidentMailPhase Phase { get; set; }

    public string Cursor { get; set; } = string.Empty;

    public int Mailed { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> builder)
    {
        builder.ToTable("Incidents");
        builder.Property(i => i.Title).HasMaxLength(Incident.MaxTitleLength);
        builder.Property(i => i.OpenedBy).HasMaxLength(256);
        builder.HasMany(i => i.Updates).WithOne().HasForeignKey(u => u.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => i.ResolvedAt);
        builder.HasIndex(i => i.StartedAt);
    }
}

internal sealed class IncidentUpdateConfiguration : IEntityTypeConfiguration<IncidentUpdate>
{
    public void Configure(EntityTypeBuilder<IncidentUpdate> builder)
    {
        builder.ToTable("IncidentUpdates");
        builder.Property(u => u.Body).HasMaxLength(IncidentUpdate.MaxBodyLength);
        builder.Property(u => u.By).HasMaxLength(256);
    }
}

internal sealed class IncidentMailingConfiguration : IEntityTypeConfiguration<IncidentMailing>
{
    public void Configure(EntityTypeBuilder<IncidentMailing> builder)
    {
        builder.ToTable("IncidentMailings");
        builder.Property(m => m.Cursor).HasMaxLength(450);
        builder.HasOne<Incident>().WithMany().HasForeignKey(m => m.IncidentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.IncidentId, m.Phase }).IsUnique();
        builder.HasIndex(m => m.FinishedAt);
    }
}
