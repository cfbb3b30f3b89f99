using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnshiPortal.Features.News;

/// <summary>
/// お知らせのメール配信: one row per notice, made when an operator first publishes it. <see cref="NewsByMail"/> walks
/// the people who asked for news (MailTopics.News) in the order of their ids, a batch at a time, and
/// <see cref="Cursor"/> is the last id a committed batch mailed: each person gets the notice once, even with
/// several nodes and a crash between batches, and 100,000 institutions are never one transaction.
/// </summary>
public sealed class NoticeMailing
{
    public long NoticeId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The person id after which the next batch starts; empty before the first.</summary>
    public string Cursor { get; set; } = string.Empty;

    public int Mailed { get; set; }

    /// <summary>Set when the walk reached the end; a notice unpublished before that leaves it open until republished.</summary>
    public DateTimeOffset? FinishedAt { get; set; }
}

internal sealed class NoticeMailingConfiguration : IEntityTypeConfiguration<NoticeMailing>
{
    public void Configure(EntityTypeBuilder<NoticeMailing> builder)
    {
        builder.ToTable("NoticeMailings");
        builder.HasKey(m => m.NoticeId);
        builder.Property(m => m.NoticeId).ValueGeneratedNever();
        builder.Property(m => m.Cursor).HasMaxLength(450);
        builder.HasOne<Notice>().WithOne().HasForeignKey<NoticeMailing>(m => m.NoticeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => m.FinishedAt);
    }
}
