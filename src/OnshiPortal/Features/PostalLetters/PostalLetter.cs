using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnshiPortal.Features.PostalLetters;

/// <summary>What a queued letter is; each kind knows how its <see cref="PostalLetter.Data"/> prints (PostalLetterRenderer).</summary>
public enum PostalLetterKind
{
    /// <summary>電子証明書の発行通知: queued when a certificate request is marked 発行済.</summary>
    CertificateNotice = 1,

    /// <summary>承継後のお手続きのご案内: queued when a 承継届出 is accepted, to the new code's address.</summary>
    SuccessionGuidance = 2,

    /// <summary>仮ID・仮パスワードの再発行: queued by the call centre's reissue; its password sealed until printed.</summary>
    CredentialReissue = 3,

    /// <summary>郵送による確認コード: asked on the Prove page of a pending self-registration; its code sealed until printed.</summary>
    RegistrationPin = 4,
}

public static class PostalLetterKinds
{
    /// <summary>The kind's name on the printing page (with its English).</summary>
    public static string Japanese(this PostalLetterKind kind) => kind switch
    {
        PostalLetterKind.CertificateNotice => "電子証明書発行のお知らせ",
        PostalLetterKind.SuccessionGuidance => "承継後のお手続きのご案内",
        PostalLetterKind.CredentialReissue => "仮ID・仮パスワードの再発行のお知らせ",
        PostalLetterKind.RegistrationPin => "確認コードのお知らせ",
        _ => kind.ToString(),
    };
}

/// <summary>
/// A letter to post, queued by whatever decided it (in that decision's transaction) and printed once by the printing
/// role (<see cref="Account.Roles.Printing"/>): the print queue. Its <see cref="Data"/> is everything the letter
/// prints, taken when it was queued, so that printing it later prints what was decided then.
/// </summary>
public sealed class PostalLetter
{
    public long Id { get; set; }

    public PostalLetterKind Kind { get; set; }

    public required string InstitutionCode { get; set; }

    /// <summary>The letter's content as JSON, in the shape of its kind's record (CertificateNoticeLetter).</summary>
    public required string Data { get; set; }

    public DateTimeOffset QueuedAt { get; set; }

    /// <summary>Set once, by a conditional update: of two printers pressing at once, one prints each letter.</summary>
    public DateTimeOffset? PrintedAt { get; set; }

    public string? PrintedBy { get; set; }

    /// <summary>
    /// The letter's secret (a temporary password, a confirmation code), sealed with <see cref="Campaigns.LetterPasswordSeal"/>
    /// under its kind's associated data (the login ID, the code's request): never in <see cref="Data"/>, opened only
    /// when the letter is rendered. Kept until the secret can no longer be used (<see cref="SealedUntil"/>, or its
    /// feature drops it when the secret is spent), so that a batch's files are made again the same after a kill.
    /// </summary>
    public byte[]? SealedSecret { get; set; }

    public string? SealKeyId { get; set; }

    /// <summary>When the secret stops working whatever happens (its expiry): the housekeeping drops the seal then.</summary>
    public DateTimeOffset? SealedUntil { get; set; }

    /// <summary>The print batch that took the letter (<see cref="PrintBatch"/>); set once, in the batch's own transaction.</summary>
    public long? BatchId { get; set; }

    /// <summary>返送: when an operator recorded that the post office brought the letter back (<see cref="Returns.PostalReturns"/>); set once.</summary>
    public DateTimeOffset? ReturnedAt { get; set; }

    public Returns.PostalReturnReason? ReturnReason { get; set; }

    public string? ReturnedBy { get; set; }

    /// <summary>
    /// The master's address of the institution when the return was recorded: the address is flagged while the master
    /// still says it, and no longer once an import changes it.
    /// </summary>
    public string? ReturnedPostalCode { get; set; }

    public string? ReturnedAddress { get; set; }
}

internal sealed class PostalLetterConfiguration : IEntityTypeConfiguration<PostalLetter>
{
    public void Configure(EntityTypeBuilder<PostalLetter> builder)
    {
        builder.ToTable("PostalLetters");
        builder.Property(l => l.InstitutionCode).HasMaxLength(10);
        builder.Property(l => l.Data).HasMaxLength(4000);
        builder.Property(l => l.PrintedBy).HasMaxLength(256);
        builder.Property(l => l.SealedSecret).HasMaxLength(Campaigns.LetterPasswordSeal.MaxSealedLength);
        builder.Property(l => l.SealKeyId).HasMaxLength(Activation.CredentialKey.MaxIdLength).IsUnicode(false);
        builder.HasIndex(l => l.SealedUntil);
        builder.Property(l => l.ReturnedBy).HasMaxLength(256);
        builder.Property(l => l.ReturnedPostalCode).HasMaxLength(7);
        builder.Property(l => l.ReturnedAddress).HasMaxLength(300);
        builder.HasIndex(l => l.ReturnedAt); // the flagged addresses: the few letters returned, not the many posted
        builder.HasIndex(l => new { l.PrintedAt, l.Id });
        builder.HasIndex(l => l.InstitutionCode);
        builder.HasIndex(l => l.BatchId);
        builder.HasOne<PrintBatch>().WithMany().HasForeignKey(l => l.BatchId).OnDelete(DeleteBehavior.Restrict);
    }
}
