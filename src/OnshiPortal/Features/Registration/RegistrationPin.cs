using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnshiPortal.Features.Registration;

/// <summary>
/// A confirmation code (確認コード) posted to the master's address of a pending self-registration's institution, at the
/// registrant's request (<see cref="RegistrationPins"/>): kept only as a keyed hash to check it, and sealed in its
/// queued letter to print it. One outstanding per registration (the unique <see cref="Sequence"/> per registration
/// settles two requests at once); spent by its use, by too many wrong entries, or by its expiry.
/// </summary>
public sealed class RegistrationPin
{
    public long Id { get; set; }

    public long SelfRegistrationId { get; set; }

    /// <summary>1, 2, … per registration: the hash and the seal are bound to it, so one request's code checks nowhere else.</summary>
    public int Sequence { get; set; }

    public required string InstitutionCode { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The credential key whose derived HMAC key hashed the code (the key is outside the database).</summary>
    public required string HashKeyId { get; set; }

    public required byte[] CodeHash { get; set; }

    /// <summary>Entries checked against it, counted before each check by a conditional update.</summary>
    public int Attempts { get; set; }

    public DateTimeOffset? UsedAt { get; set; }

    /// <summary>When too many wrong entries ended it: a new request is needed.</summary>
    public DateTimeOffset? DeadAt { get; set; }

    /// <summary>Its letter in the print queue, whose seal is dropped once the code is spent.</summary>
    public long? LetterId { get; set; }
}

internal sealed class RegistrationPinConfiguration : IEntityTypeConfiguration<RegistrationPin>
{
    public void Configure(EntityTypeBuilder<RegistrationPin> builder)
    {
        builder.ToTable("RegistrationPins");
        builder.Property(p => p.InstitutionCode).HasMaxLength(10);
        builder.Property(p => p.HashKeyId).HasMaxLength(Activation.CredentialKey.MaxIdLength).IsUnicode(false);
        builder.Property(p => p.CodeHash).HasMaxLength(32);
        builder.HasIndex(p => new { p.SelfRegistrationId, p.Sequence }).IsUnique();
        builder.HasIndex(p => new { p.InstitutionCode, p.RequestedAt });
        builder.HasOne<SelfRegistration>().WithMany().HasForeignKey(p => p.SelfRegistrationId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The "Registration:PinLetters" section: how long a posted confirmation code lives and how often it may be asked.</summary>
public sealed class PinLetterOptions
{
    public const string Section = "Registration:PinLetters";

    /// <summary>Days from the request until the code stops working (the post takes days; the letter prints the date).</summary>
    [Range(1, 365)]
    public int ValidDays { get; set; } = 30;

    /// <summary>Wrong entries a code takes before it is dead.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Letters per institution within <see cref="PeriodDays"/>, whoever asks: the post and the institution are not to be flooded.</summary>
    [Range(1, 100)]
    public int MaxPerInstitution { get; set; } = 3;

    [Range(1, 365)]
    public int PeriodDays { get; set; } = 30;
}
