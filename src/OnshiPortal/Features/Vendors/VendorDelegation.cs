using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure;

namespace OnshiPortal.Features.Vendors;

/// <summary>
/// ベンダー (委任): an institution's 管理者 lets a named person of its system vendor act on chosen procedures until an
/// end date (at most six months ahead, renewable). It ends by itself after that day, or when revoked.
/// </summary>
public sealed class VendorDelegation
{
    public const int MaxMonths = 6;

    public long Id { get; set; }

    public required string InstitutionCode { get; set; }

    /// <summary>The vendor's person (a <see cref="PortalUser"/> with a <see cref="PortalUser.VendorCompany"/>).</summary>
    public required string VendorUserId { get; set; }

    /// <summary>The procedures delegated, as <see cref="FilingType"/> names separated by commas.</summary>
    public required string Procedures { get; set; }

    /// <summary>The last day (Japan time) the delegation holds.</summary>
    public DateOnly EndsOn { get; set; }

    public DateTimeOffset GrantedAt { get; set; }

    /// <summary>The 管理者 who granted it (or last renewed it).</summary>
    public required string GrantedBy { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevokedBy { get; set; }

    public IReadOnlySet<FilingType> ProcedureSet => ParseProcedures(Procedures);

    /// <summary>Whether it holds at <paramref name="now"/>: not revoked, and its end date (Japan time) not yet past.</summary>
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && JapanTime.DayOf(now) <= EndsOn;

    public static string FormatProcedures(IEnumerable<FilingType> procedures) =>
        string.Join(',', procedures.Distinct().Order().Select(p => p.ToString()));

    public static IReadOnlySet<FilingType> ParseProcedures(string procedures) =>
        procedures.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => Enum.TryParse<FilingType>(p, out var type) ? (FilingType?)type : null)
            .OfType<FilingType>()
            .ToHashSet();
}

internal sealed class VendorDelegationConfiguration : IEntityTypeConfiguration<VendorDelegation>
{
    public void Configure(EntityTypeBuilder<VendorDelegation> builder)
    {
        builder.ToTable("VendorDelegations");
        builder.Property(d => d.InstitutionCode).HasMaxLength(InstitutionCode.Length).IsUnicode(false);
        builder.Property(d => d.VendorUserId).HasMaxLength(450);
        builder.Property(d => d.Procedures).HasMaxLength(200).IsUnicode(false);
        builder.Property(d => d.GrantedBy).HasMaxLength(256);
        builder.Property(d => d.RevokedBy).HasMaxLength(256);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(d => d.VendorUserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.VendorUserId, d.InstitutionCode });
        builder.HasIndex(d => d.InstitutionCode);
    }
}
