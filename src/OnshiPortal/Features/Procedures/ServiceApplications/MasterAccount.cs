using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Campaigns;

namespace OnshiPortal.Features.Procedures.ServiceApplications;

/// <summary>
/// マスタアカウント通知: the institution's master accounts of the オンライン資格確認等システム, one for production
/// (本番環境) and one for the test environment (検証環境), issued once per 医療機関等コード on the first 利用申請's
/// 受理. The IDs are the code with a suffix (<see cref="ProductionId"/>, <see cref="TestId"/>): unique because the
/// code is. The initial passwords are kept only sealed (<see cref="LetterPasswordSeal"/>, the key outside the
/// database), like a letter's temporary password until it is printed, and only until the institution downloads the
/// notice once: the download empties the seal and records when and by whom.
/// </summary>
public sealed class MasterAccount
{
    public const string ProductionSuffix = "-P";
    public const string TestSuffix = "-T";

    // The refusals of the download, shown as they are (with their English).
    public const string NotYours = "マスタアカウント通知をダウンロードできるのは、医療機関等の管理者と担当者です（閲覧者とシステム事業者（ベンダー）はダウンロードできません）。";

    public const string NoneReady = "ダウンロードできるマスタアカウント通知はありません（まだ発行されていないか、すでにダウンロードされています）。";

    public long Id { get; set; }

    public required string InstitutionCode { get; set; }

    /// <summary>本番環境のマスタアカウント: <c>{医療機関等コード}-P</c>, e.g. <c>0110113719-P</c>.</summary>
    public required string ProductionId { get; set; }

    /// <summary>検証環境のマスタアカウント: <c>{医療機関等コード}-T</c>.</summary>
    public required string TestId { get; set; }

    /// <summary>The receipt number of the 利用申請 whose 受理 issued them.</summary>
    public required string ReceiptNumber { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public required string IssuedBy { get; set; }

    /// <summary>The credential key the seals were made under; null once downloaded.</summary>
    public string? SealKeyId { get; set; }

    public byte[]? SealedProductionPassword { get; set; }

    public byte[]? SealedTestPassword { get; set; }

    public DateTimeOffset? DownloadedAt { get; set; }

    /// <summary>The person (e-mail) who downloaded the notice.</summary>
    public string? DownloadedBy { get; set; }

    public static string ProductionIdOf(string institutionCode) => institutionCode + ProductionSuffix;

    public static string TestIdOf(string institutionCode) => institutionCode + TestSuffix;
}

internal sealed class MasterAccountConfiguration : IEntityTypeConfiguration<MasterAccount>
{
    public void Configure(EntityTypeBuilder<MasterAccount> builder)
    {
        builder.ToTable("MasterAccounts");
        builder.Property(a => a.InstitutionCode).HasMaxLength(10);
        builder.Property(a => a.ProductionId).HasMaxLength(20).IsUnicode(false);
        builder.Property(a => a.TestId).HasMaxLength(20).IsUnicode(false);
        builder.Property(a => a.ReceiptNumber).HasMaxLength(20);
        builder.Property(a => a.IssuedBy).HasMaxLength(256);
        builder.Property(a => a.SealKeyId).HasMaxLength(CredentialKey.MaxIdLength).IsUnicode(false);
        builder.Property(a => a.SealedProductionPassword).HasMaxLength(LetterPasswordSeal.MaxSealedLength);
        builder.Property(a => a.SealedTestPassword).HasMaxLength(LetterPasswordSeal.MaxSealedLength);
        builder.Property(a => a.DownloadedBy).HasMaxLength(256);
        builder.HasIndex(a => a.InstitutionCode).IsUnique();
        builder.HasIndex(a => a.ProductionId).IsUnique();
        builder.HasIndex(a => a.TestId).IsUnique();
    }
}
