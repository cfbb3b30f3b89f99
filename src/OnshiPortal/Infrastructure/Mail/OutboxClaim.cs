using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Infrastructure.Mail;

/// <summary>
/// Takes a lease on a batch of due, unsent mails for one worker pass, so that no two workers send the same mail.
/// One UPDATE marks the batch with the pass's token; the pass then reads back the rows carrying its token.
/// <list type="bullet">
/// <item>PostgreSQL: the inner SELECT locks its rows <c>FOR UPDATE SKIP LOCKED</c>, so a concurrent pass skips
/// rows another pass is claiming instead of waiting for them, and re-checks the lease of a row that another pass
/// claimed and committed meanwhile (read committed re-evaluates a locked row), so it never takes it.</item>
/// <item>SQLite: a single writer at a time; the one UPDATE statement is atomic, the next writer sees its result.</item>
/// </list>
/// </summary>
internal static class OutboxClaim
{
    public const int BatchSize = 50;

    private const string Sql = """
        UPDATE "OutboxMessages" SET "ClaimedBy" = {0}, "ClaimedUntil" = {1}
        WHERE "Id" IN (
            SELECT "Id" FROM "OutboxMessages"
            WHERE "SentAt" IS NULL AND "DeadAt" IS NULL AND "NextAttemptAt" <= {2} AND ("ClaimedUntil" IS NULL OR "ClaimedUntil" <= {2})
            ORDER BY "NextAttemptAt", "Id"
            LIMIT 50
        """;

    public static async Task<List<OutboxMessage>> ClaimAsync(PortalDbContext db, string token, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        // Raw SQL bypasses EF's value converters: on SQLite times are stored as UTC ticks (DateTimeOffsetToUtcTicksConverter).
        var sqlite = db.Database.IsSqlite();
        object Time(DateTimeOffset value) => sqlite ? value.UtcTicks : value.ToUniversalTime();
        var sql = Sql + (sqlite ? ")" : " FOR UPDATE SKIP LOCKED)");
        await db.Database.ExecuteSqlRawAsync(sql, [token, Time(until), Time(now)], cancellationToken);

        return await db.Set<OutboxMessage>().AsNoTracking()
            .Include(m => m.Attachments)
            .Where(m => m.ClaimedBy == token && m.SentAt == null && m.DeadAt == null)
            .OrderBy(m => m.Id)
            .ToListAsync(cancellationToken);
    }
}
