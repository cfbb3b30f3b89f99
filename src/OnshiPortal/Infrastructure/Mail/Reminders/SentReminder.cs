using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnshiPortal.Infrastructure.Mail.Reminders;

/// <summary>
/// A reminder that went: one row per kind, occasion and subject (the institution or person reminded), under a unique
/// index, inserted in the transaction that puts the mails in the outbox. A second node, a rerun after a crash or the
/// next day's run finds the row and sends nothing: each reminder goes once per occasion.
/// </summary>
public sealed class SentReminder
{
    public const int MaxKindLength = 40;

    public const int MaxOccasionLength = 40;

    public const int MaxSubjectLength = 64;

    public long Id { get; set; }

    /// <summary>What the reminder is about, e.g. <c>subsidy-claim-closing</c>.</summary>
    public required string Kind { get; set; }

    /// <summary>Which time of that kind, e.g. the deadline and the days before it (<c>2027-03-31/7</c>).</summary>
    public required string Occasion { get; set; }

    /// <summary>Who was reminded: an institution's code, or a person's id.</summary>
    public required string Subject { get; set; }

    public DateTimeOffset SentAt { get; set; }

    /// <summary>How many addresses it went to (0: nobody could receive it, and it is not tried again).</summary>
    public int Recipients { get; set; }
}

public sealed class SentReminderConfiguration : IEntityTypeConfiguration<SentReminder>
{
    public void Configure(EntityTypeBuilder<SentReminder> builder)
    {
        builder.ToTable("SentReminders");
        builder.Property(r => r.Kind).HasMaxLength(SentReminder.MaxKindLength);
        builder.Property(r => r.Occasion).HasMaxLength(SentReminder.MaxOccasionLength);
        builder.Property(r => r.Subject).HasMaxLength(SentReminder.MaxSubjectLength);
        builder.HasIndex(r => new { r.Kind, r.Occasion, r.Subject }).IsUnique();
    }
}
