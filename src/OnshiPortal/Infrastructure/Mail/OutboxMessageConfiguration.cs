using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnshiPortal.Infrastructure.Mail;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    /// <summary>The claim is raw SQL (OutboxClaim), so the table name is fixed here rather than left to a DbSet's name.</summary>
    public const string Table = "OutboxMessages";

    public const int ErrorLength = 2000;

    public const int ClaimLength = 200;

    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable(Table);
        builder.Property(m => m.To).HasMaxLength(320);
        builder.Property(m => m.Subject).HasMaxLength(500);
        builder.Property(m => m.ClaimedBy).HasMaxLength(ClaimLength);
        builder.Property(m => m.LastError).HasMaxLength(ErrorLength);
        builder.Property(m => m.Template).HasMaxLength(100);
        builder.Property(m => m.MessageId).HasMaxLength(300);

        // The worker's question: unsent (SentAt null) and due (NextAttemptAt <= now).
        builder.HasIndex(m => new { m.SentAt, m.NextAttemptAt });

        // The dead-letter page and the clean-up of sent rows.
        builder.HasIndex(m => m.DeadAt);
    }
}
