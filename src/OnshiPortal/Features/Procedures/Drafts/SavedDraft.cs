using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Institutions;

namespace OnshiPortal.Features.Procedures.Drafts;

/// <summary>
/// 途中保存: the entries of an engine form that somebody saved to finish later, one per institution and procedure
/// (saving again overwrites it). It is found by the signed-in institution's code and the procedure, never by an id
/// from the URL, so another institution cannot reach it. The fields marked <see cref="ProcedureField.Private"/> (the
/// bank account) and the attachments are not kept: they are entered again when the filing is finished.
/// </summary>
public sealed class SavedDraft
{
    public const int VersionLength = 32;

    public long Id { get; set; }

    public required string InstitutionCode { get; set; }

    public FilingType Type { get; set; }

    /// <summary>The person who saved it last: the one reminded (<see cref="DraftReminders"/>).</summary>
    public required string SavedBy { get; set; }

    /// <summary>The entries by field id, as JSON (bounded by <see cref="SavedDrafts"/>: known fields, their lengths).</summary>
    public required string Values { get; set; }

    /// <summary>New at every save: the reminder's occasion, so that a draft saved again is reminded of again.</summary>
    public required string Version { get; set; }

    public DateTimeOffset SavedAt { get; set; }
}

internal sealed class SavedDraftConfiguration : IEntityTypeConfiguration<SavedDraft>
{
    public void Configure(EntityTypeBuilder<SavedDraft> builder)
    {
        builder.ToTable("SavedDrafts");
        builder.Property(d => d.InstitutionCode).HasMaxLength(InstitutionCode.Length).IsUnicode(false);
        builder.Property(d => d.SavedBy).HasMaxLength(450);
        builder.Property(d => d.Version).HasMaxLength(SavedDraft.VersionLength).IsUnicode(false);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(d => d.SavedBy).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.InstitutionCode, d.Type }).IsUnique();
        builder.HasIndex(d => d.SavedAt);
    }
}
