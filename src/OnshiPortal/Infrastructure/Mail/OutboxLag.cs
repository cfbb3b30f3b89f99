using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Infrastructure.Mail;

/// <summary>
/// How far the outbox is behind: the age of the oldest mail that is due (its next attempt has come) and not sent.
/// Zero when nothing waits. A mail waiting for its retry after a failure is not due, so a relay that refuses mail
/// shows as failures (onshi.mails.failed), not as lag; lag means the workers do not keep up or do not run.
/// </summary>
public static class OutboxLag
{
    public static TimeSpan Measure(PortalDbContext db, DateTimeOffset now) => Age(Oldest(db, now).FirstOrDefault(), now);

    public static async Task<TimeSpan> MeasureAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken) =>
        Age(await Oldest(db, now).FirstOrDefaultAsync(cancellationToken), now);

    // Ordered and taken rather than Min(): on SQLite the times are ticks behind a value converter, which ordering
    // honours on both databases.
    private static IQueryable<DateTimeOffset?> Oldest(PortalDbContext db, DateTimeOffset now) =>
        db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.SentAt == null && m.DeadAt == null && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => (DateTimeOffset?)m.NextAttemptAt);

    private static TimeSpan Age(DateTimeOffset? oldest, DateTimeOffset now) =>
        oldest is { } due && due < now ? now - due : TimeSpan.Zero;
}
