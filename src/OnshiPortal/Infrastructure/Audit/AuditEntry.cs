using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnshiPortal.Infrastructure.Audit;

/// <summary>
/// Who did what, when and from where, to an account, a credential or a filing. Written in the same transaction
/// as the change. Never holds a password, a token or a temporary password.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The login that acted: an e-mail, a temporary login ID, an operator, or "system".</summary>
    public string Actor { get; set; } = string.Empty;

    public string ClientAddress { get; set; } = string.Empty;

    /// <summary>A stable name, e.g. <c>activation.requested</c>.</summary>
    public string Action { get; set; } = string.Empty;

    /// <summary>The institution code the change concerns, when there is one.</summary>
    public string? InstitutionCode { get; set; }

    /// <summary>JSON of what changed (field → value), secrets left out by the caller.</summary>
    public string Details { get; set; } = string.Empty;
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.Property(a => a.Actor).HasMaxLength(256);
        builder.Property(a => a.ClientAddress).HasMaxLength(64);
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.InstitutionCode).HasMaxLength(10);
        builder.HasIndex(a => new { a.InstitutionCode, a.At });
        builder.HasIndex(a => a.At);

        // One action's rows, newest first (the campaign page's download log), without reading every login's row.
        builder.HasIndex(a => new { a.Action, a.Id });
    }
}
