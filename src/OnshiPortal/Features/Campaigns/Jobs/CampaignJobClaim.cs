using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Campaigns.Jobs;

/// <summary>
/// Takes the lease of the oldest job that no node holds (queued, or running under a lease that ran out because its
/// node died), as the outbox claims its mails (Infrastructure/Mail/OutboxClaim.cs): one UPDATE marks the job with
/// the node's token, then the node reads back the job that carries it.
/// <list type="bullet">
/// <item>PostgreSQL: the inner SELECT skips a job another node is claiming (<c>FOR UPDATE SKIP LOCKED</c>) and the outer
/// WHERE is re-checked on a row another node claimed meanwhile, so two nodes never take one job.</item>
/// <item>SQLite: one writer at a time; the single statement is atomic.</item>
/// </list>
/// </summary>
internal static class CampaignJobClaim
{
    private const string Free = """("ClaimedUntil" IS NULL OR "ClaimedUntil" <= {1})""";

    private const string Sql = $"""
        UPDATE "{CampaignJobConfiguration.Table}"
        SET "ClaimedBy" = {"{0}"}, "ClaimedUntil" = {"{2}"}, "State" = 1, "Attempts" = "Attempts" + 1, "StartedAt" = COALESCE("StartedAt", {"{1}"})
        WHERE "State" < 2 AND {Free} AND "Id" = (
            SELECT "Id" FROM "{CampaignJobConfiguration.Table}"
            WHERE "State" < 2 AND {Free}
            ORDER BY "Id"
            LIMIT 1
        """;

    public static async Task<CampaignJob?> ClaimAsync(PortalDbContext db, string token, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        // Raw SQL bypasses EF's value converters: on SQLite times are stored as UTC ticks (DateTimeOffsetToUtcTicksConverter).
        var sqlite = db.Database.IsSqlite();
        object Time(DateTimeOffset value) => sqlite ? value.UtcTicks : value.ToUniversalTime();
        var sql = Sql + (sqlite ? ")" : " FOR UPDATE SKIP LOCKED)");
        var claimed = await db.Database.ExecuteSqlRawAsync(sql, [token, Time(now), Time(until)], cancellationToken);
        return claimed == 0
            ? null
            : await db.Set<CampaignJob>().AsNoTracking().SingleOrDefaultAsync(j => j.ClaimedBy == token, cancellationToken);
    }
}
