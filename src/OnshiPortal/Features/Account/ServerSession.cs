using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace OnshiPortal.Features.Account;

/// <summary>
/// One signed-in browser of a portal account. The cookie <c>onshi.auth</c> carries only a random session key; the
/// ticket (who, which claims, until when) lives here, in the database every node shares, so that deleting the row
/// ends the session at once on every node (<see cref="ServerSessionStore"/>).
/// </summary>
public sealed class ServerSession
{
    public const int MaxUserAgentLength = 200;
    public const int MaxClientAddressLength = 64;

    /// <summary>SHA-256 of the session key (hex): a copy of the database names no usable cookie.</summary>
    public required string Id { get; set; }

    public required string UserId { get; set; }

    /// <summary>The authentication ticket, serialized (TicketSerializer) and protected with Data Protection.</summary>
    public required byte[] Ticket { get; set; }

    /// <summary>The account's security stamp when the ticket was written: a newer stamp ends the session.</summary>
    public string? SecurityStamp { get; set; }

    /// <summary>The login (kept across a refresh of the ticket, e.g. after a password change in this session).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset LastUsedAt { get; set; }

    /// <summary>The earlier of the sliding expiry (8 h after last use) and the absolute cap (12 h after the login).</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>When the person last proved it was them in this session (password or code): sensitive changes need it recent.</summary>
    public DateTimeOffset? ReauthenticatedAt { get; set; }

    public string? UserAgent { get; set; }

    public string? ClientAddress { get; set; }
}

internal sealed class ServerSessionConfiguration : IEntityTypeConfiguration<ServerSession>
{
    public void Configure(EntityTypeBuilder<ServerSession> builder)
    {
        builder.ToTable("ServerSessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(64).IsUnicode(false);
        builder.Property(s => s.UserId).HasMaxLength(450);
        builder.Property(s => s.SecurityStamp).HasMaxLength(256);
        builder.Property(s => s.UserAgent).HasMaxLength(ServerSession.MaxUserAgentLength);
        builder.Property(s => s.ClientAddress).HasMaxLength(ServerSession.MaxClientAddressLength).IsUnicode(false);
        builder.HasOne<PortalUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.UserId);
        builder.HasIndex(s => s.ExpiresAt);
    }
}
