using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnshiPortal.Features.News;

/// <summary>
/// お知らせ: a notice for institutions. Readers see it once it is published and its publish date has come
/// (a future date is a scheduled notice); unpublishing hides it again without losing it.
/// </summary>
public sealed class Notice
{
    public long Id { get; set; }

    public string Title { get; set; } = string.Empty;

    public int CategoryId { get; set; }

    public NoticeCategory Category { get; set; } = default!;

    /// <summary>Markdown, as the operator typed it; rendered through <see cref="NoticeMarkdown"/> only.</summary>
    public string Body { get; set; } = string.Empty;

    /// <summary>The date shown on the notice and from which readers see it (掲載日).</summary>
    public DateTimeOffset PublishAt { get; set; }

    /// <summary>Set by 公開する, cleared by 公開を停止する; a new notice is a draft (下書き).</summary>
    public bool IsPublished { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTimeOffset UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;

    public List<NoticeAttachment> Attachments { get; set; } = [];

    public NoticeState StateAt(DateTimeOffset now) =>
        !IsPublished ? NoticeState.Draft : PublishAt > now ? NoticeState.Scheduled : NoticeState.Published;
}

public enum NoticeState
{
    Draft,
    Scheduled,
    Published,
}

public static class NoticeStateNames
{
    public static string Japanese(this NoticeState state) => state switch
    {
        NoticeState.Draft => "非公開",
        NoticeState.Scheduled => "公開予定",
        NoticeState.Published => "公開中",
        _ => state.ToString(),
    };
}

/// <summary>A PDF attached to a notice; its bytes are a stored file in the database (<see cref="FileId"/>).</summary>
public sealed class NoticeAttachment
{
    public long Id { get; set; }

    public long NoticeId { get; set; }

    /// <summary>The name the operator uploaded, shown as the link text and offered on download.</summary>
    public string FileName { get; set; } = string.Empty;

    /// <summary>
    /// The file's random name in the attachment folder of earlier versions; for new attachments the stored file's id
    /// in hex with ".pdf" (kept filled for a node still on the previous build during a rolling upgrade).
    /// </summary>
    public string StoredName { get; set; } = string.Empty;

    /// <summary>
    /// The stored file (area "news", Infrastructure/Files). Null only for an attachment of an earlier version whose
    /// file <c>onshi db migrate</c> has not moved into the database yet.
    /// </summary>
    public Guid? FileId { get; set; }

    public long Size { get; set; }
}

/// <summary>分類: data, seeded with the three the seed notice speaks of; more can be added by configuration.</summary>
public sealed class NoticeCategory
{
    public int Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public int SortOrder { get; set; }
}

/// <summary>既読: one row when an institution's account first opened a notice.</summary>
public sealed class NoticeRead
{
    public long NoticeId { get; set; }

    public string UserId { get; set; } = string.Empty;

    public DateTimeOffset ReadAt { get; set; }
}

internal sealed class NoticeConfiguration :
    IEntityTypeConfiguration<Notice>,
    IEntityTypeConfiguration<NoticeAttachment>,
    IEntityTypeConfiguration<NoticeCategory>,
    IEntityTypeConfiguration<NoticeRead>
{
    public void Configure(EntityTypeBuilder<Notice> builder)
    {
        builder.ToTable("Notices");
        builder.Property(n => n.Title).HasMaxLength(200);
        builder.Property(n => n.CreatedBy).HasMaxLength(256);
        builder.Property(n => n.UpdatedBy).HasMaxLength(256);
        builder.HasOne(n => n.Category).WithMany().HasForeignKey(n => n.CategoryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(n => n.Attachments).WithOne().HasForeignKey(a => a.NoticeId).OnDelete(DeleteBehavior.Cascade);

        // The public list: published, newest first, optionally of one category.
        builder.HasIndex(n => new { n.IsPublished, n.PublishAt });
        builder.HasIndex(n => new { n.CategoryId, n.IsPublished, n.PublishAt });
    }

    public void Configure(EntityTypeBuilder<NoticeAttachment> builder)
    {
        builder.ToTable("NoticeAttachments");
        builder.Property(a => a.FileName).HasMaxLength(200);
        builder.Property(a => a.StoredName).HasMaxLength(64);
    }

    public void Configure(EntityTypeBuilder<NoticeCategory> builder)
    {
        builder.ToTable("NoticeCategories");

        // Ids are given, not generated: seeded rows carry explicit ids, which a PostgreSQL identity sequence would
        // not step past, so a generated id would collide with them.
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Name).HasMaxLength(50);
        builder.HasIndex(c => c.Name).IsUnique();

        // Seeded by the migration, so that `onshi db migrate` alone gives a portal where notices can be written.
        builder.HasData(
            new NoticeCategory { Id = 1, Name = "オンライン資格確認", SortOrder = 1 },
            new NoticeCategory { Id = 2, Name = "電子処方箋", SortOrder = 2 },
            new NoticeCategory { Id = 3, Name = "経過措置", SortOrder = 3 });
    }

    public void Configure(EntityTypeBuilder<NoticeRead> builder)
    {
        builder.ToTable("NoticeReads");
        builder.HasKey(r => new { r.UserId, r.NoticeId });
        builder.Property(r => r.UserId).HasMaxLength(450);
        builder.HasOne<Notice>().WithMany().HasForeignKey(r => r.NoticeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Account.PortalUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
