using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Campaigns;

namespace OnshiPortal.Features.CallCentre;

/// <summary>
/// The letter of a call-centre reissue, waiting for a Printer (or an Admin) to download and post it. The operator
/// who reissued never sees the password: it is kept sealed (<see cref="LetterPasswordSeal"/>, the key outside the
/// database) and the PDF is rendered again at each download. The seal is emptied once the credential can no longer
/// be used (<see cref="ReissueLetterCleanup"/>).
/// </summary>
public sealed class ReissueLetter
{
    public long Id { get; set; }

    public required string InstitutionCode { get; set; }

    public required string LoginId { get; set; }

    /// <summary>The date printed on the letter: the day of the reissue (Japan), whenever it is downloaded.</summary>
    public DateOnly LetterDate { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public required string IssuedBy { get; set; }

    public string? SealKeyId { get; set; }

    public byte[]? SealedPassword { get; set; }

    public int Downloads { get; set; }

    public DateTimeOffset? LastDownloadedAt { get; set; }
}

internal sealed class ReissueLetterConfiguration : IEntityTypeConfiguration<ReissueLetter>
{
    public void Configure(EntityTypeBuilder<ReissueLetter> builder)
    {
        builder.ToTable("ReissueLetters");
        builder.Property(l => l.InstitutionCode).HasMaxLength(10);
        builder.Property(l => l.LoginId).HasMaxLength(LoginId.MaxLength).IsUnicode(false);
        builder.Property(l => l.IssuedBy).HasMaxLength(256);
        builder.Property(l => l.SealKeyId).HasMaxLength(CredentialKey.MaxIdLength).IsUnicode(false);
        builder.Property(l => l.SealedPassword).HasMaxLength(LetterPasswordSeal.MaxSealedLength);
        builder.HasIndex(l => l.InstitutionCode);
        builder.HasIndex(l => l.LoginId).IsUnique();
    }
}
