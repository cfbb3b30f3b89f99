using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnshiPortal.Infrastructure.Mail;

/// <summary>A file waiting in the outbox with its mail (<see cref="MailAttachment"/>); gone once the mail is sent.</summary>
public sealed class OutboxAttachment
{
    /// <summary>A mail's attachments together may not exceed this: the outbox is not a file store, and relays refuse big mails.</summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    public long Id { get; set; }

    public long OutboxMessageId { get; set; }

    public string FileName { get; set; } = string.Empty;

    public string ContentType { get; set; } = string.Empty;

    public byte[] Content { get; set; } = [];
}

internal sealed class OutboxAttachmentConfiguration : IEntityTypeConfiguration<OutboxAttachment>
{
    public void Configure(EntityTypeBuilder<OutboxAttachment> builder)
    {
        builder.ToTable("OutboxAttachments");
        builder.Property(a => a.FileName).HasMaxLength(200);
        builder.Property(a => a.ContentType).HasMaxLength(100);

        // Deleting a mail's row (OutboxCleanup, after the retention) takes its files with it.
        builder.HasOne<OutboxMessage>().WithMany(m => m.Attachments).HasForeignKey(a => a.OutboxMessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
