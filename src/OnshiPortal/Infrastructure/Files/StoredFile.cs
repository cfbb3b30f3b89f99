using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnshiPortal.Infrastructure.Files;

/// <summary>What callers see of a stored file: only completed files are ever described.</summary>
public sealed record StoredFileInfo(Guid Id, string Area, string Name, string ContentType, long Length, string Sha256, DateTimeOffset CreatedAt);

/// <summary>
/// A file kept in the database (<see cref="FileStore"/>): this row describes it, its bytes are in
/// <see cref="StoredFileChunk"/> rows. A row with <see cref="Completed"/> false is a write in progress or one that was
/// interrupted; no reader sees it and housekeeping removes it (<see cref="AbandonedFileCleanup"/>).
/// </summary>
public sealed class StoredFile
{
    public Guid Id { get; set; }

    /// <summary>The feature that owns the file ("filing-attachment", "news", ...): each area has its own access rules and lifetime.</summary>
    public string Area { get; set; } = string.Empty;

    /// <summary>
    /// Within an area, whose file it is when the area holds several people's files that must stay apart before any
    /// other row names them (a filing's staged uploads: a hash of the account). Null otherwise.
    /// </summary>
    public string? Owner { get; set; }

    /// <summary>The name offered on download; never used as a path.</summary>
    public string Name { get; set; } = string.Empty;

    public string ContentType { get; set; } = string.Empty;

    public long Length { get; set; }

    /// <summary>Hex SHA-256 of the content, computed while it was written; empty until <see cref="Completed"/>.</summary>
    public string Sha256 { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public bool Completed { get; set; }

    public StoredFileInfo ToInfo() => new(Id, Area, Name, ContentType, Length, Sha256, CreatedAt);
}

/// <summary>One piece of a stored file's content (<see cref="FileStore.ChunkSize"/> bytes, the last one shorter).</summary>
public sealed class StoredFileChunk
{
    public Guid FileId { get; set; }

    /// <summary>0, 1, 2, ... in the order of the content.</summary>
    public int Number { get; set; }

    public byte[] Data { get; set; } = [];
}

internal sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>, IEntityTypeConfiguration<StoredFileChunk>
{
    public void Configure(EntityTypeBuilder<StoredFile> builder)
    {
        builder.ToTable("StoredFiles");
        builder.Property(f => f.Id).ValueGeneratedNever();
        builder.Property(f => f.Area).HasMaxLength(64).IsUnicode(false);
        builder.Property(f => f.Owner).HasMaxLength(64).IsUnicode(false);
        builder.Property(f => f.Name).HasMaxLength(255);
        builder.Property(f => f.ContentType).HasMaxLength(127).IsUnicode(false);
        builder.Property(f => f.Sha256).HasMaxLength(64).IsUnicode(false);

        // A staged upload is looked up by its area and owner (the account's staging and its cap); housekeeping finds
        // interrupted writes and old staging by age.
        builder.HasIndex(f => new { f.Area, f.Owner });
        builder.HasIndex(f => new { f.Area, f.CreatedAt });
        builder.HasIndex(f => new { f.Completed, f.CreatedAt });
        builder.HasMany<StoredFileChunk>().WithOne().HasForeignKey(c => c.FileId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<StoredFileChunk> builder)
    {
        builder.ToTable("StoredFileChunks");
        builder.HasKey(c => new { c.FileId, c.Number });
        builder.Property(c => c.Number).ValueGeneratedNever();
    }
}
