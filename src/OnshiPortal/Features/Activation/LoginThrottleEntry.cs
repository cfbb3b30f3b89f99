using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnshiPortal.Features.Activation;

/// <summary>Recent failed logins of one client address or one login ID, in the database so that every web node sees them.</summary>
public sealed class LoginThrottleEntry
{
    public const int MaxKeyLength = 100;

    /// <summary><c>ip:203.0.113.5</c>, <c>ip:2001:db8:1:2::/64</c> or <c>credential:0110113719@01</c>.</summary>
    public required string Key { get; set; }

    public int Failures { get; set; }

    public DateTimeOffset? BlockedUntil { get; set; }

    /// <summary>The last failure: counts older than <see cref="ThrottleRules.ForgetAfter"/> start again from zero.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class LoginThrottleEntryConfiguration : IEntityTypeConfiguration<LoginThrottleEntry>
{
    public void Configure(EntityTypeBuilder<LoginThrottleEntry> builder)
    {
        builder.ToTable("LoginThrottleEntries");
        builder.HasKey(e => e.Key);
        builder.Property(e => e.Key).HasMaxLength(LoginThrottleEntry.MaxKeyLength).IsUnicode(false);
    }
}
