using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnshiPortal.Features.News;

/// <summary>関係団体: an organisation the ministry circulates notices to, so that it tells its members.</summary>
public sealed class Association
{
    public int Id { get; set; }

    public string Name { get; set; } = string.Empty;

    /// <summary>The contact address circulations go to; empty until an operator fills it in.</summary>
    public string Email { get; set; } = string.Empty;

    public int SortOrder { get; set; }

    /// <summary>週次集計: the dashboard's figures by prefecture go to <see cref="Email"/> every week (Dashboard/Weekly); off until an operator turns it on.</summary>
    public bool WeeklyReport { get; set; }
}

/// <summary>One circulation (周知) of a notice to the associations: who sent it, when, to how many.</summary>
public sealed class Circulation
{
    public long Id { get; set; }

    public long NoticeId { get; set; }

    public DateTimeOffset At { get; set; }

    public string By { get; set; } = string.Empty;

    public int Recipients { get; set; }
}

internal sealed class AssociationConfiguration : IEntityTypeConfiguration<Association>, IEntityTypeConfiguration<Circulation>
{
    /// <summary>
    /// The list at the end of the seed notice (別添 関係団体一覧), in its order and spelling. Seeded by the
    /// migration (HasData), so that `onshi db migrate` on PostgreSQL gives the list as the embedded SQLite does.
    /// </summary>
    public static readonly string[] SeedNames =
    [
        "公益社団法人 日本医師会",
        "公益社団法人 日本歯科医師会",
        "公益社団法人 日本薬剤師会",
        "公益社団法人 全日本病院協会",
        "公益社団法人 日本精神科病院協会",
        "公益社団法人 全国自治体病院協議会",
        "一般社団法人 日本病院会",
        "一般社団法人 日本医療法人協会",
        "一般社団法人 日本社会医療法人協議会",
        "一般社団法人 全国公私病院連盟",
        "一般社団法人 日本私立医科大学協会",
        "一般社団法人 国立大学病院長会議",
        "一般社団法人 日本慢性期医療協会",
        "一般社団法人 日本リハビリテーション病院・施設協会",
        "一般社団法人 地域包括ケア病棟協会",
        "一般社団法人 日本保険薬局協会",
        "一般社団法人 日本チェーンドラッグストア協会",
        "独立行政法人 国立病院機構",
        "独立行政法人 地域医療機能推進機構 (JCHO)",
        "独立行政法人 労働者健康安全機構",
        "国家公務員共済組合連合会",
        "保健医療福祉情報システム工業会",
        "日本医師会ORCA管理機構(株)",
    ];

    public void Configure(EntityTypeBuilder<Association> builder)
    {
        builder.ToTable("Associations");
        builder.Property(a => a.Id).ValueGeneratedNever(); // seeded with explicit ids, as NoticeCategory
        builder.Property(a => a.Name).HasMaxLength(100);
        builder.Property(a => a.Email).HasMaxLength(256);
        builder.HasIndex(a => a.Name).IsUnique();
        builder.HasData(SeedNames.Select((name, i) => new Association { Id = i + 1, Name = name, Email = string.Empty, SortOrder = i + 1 }));
    }

    public void Configure(EntityTypeBuilder<Circulation> builder)
    {
        builder.ToTable("Circulations");
        builder.Property(c => c.By).HasMaxLength(256);
        builder.HasOne<Notice>().WithMany().HasForeignKey(c => c.NoticeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.NoticeId, c.At });
    }
}
