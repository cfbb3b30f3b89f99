using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OnshiPortal.Features.Activation;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Housekeeping;

namespace OnshiPortal.Infrastructure.Web;

/// <summary>The form posts of one client address (or its IPv6 /64) in the current and the previous minute, shared by every node.</summary>
public sealed class FormRateCounter
{
    public const int MaxKeyLength = 120;

    /// <summary><c>form:ip:203.0.113.5</c> or <c>upload:ip:2001:db8:1:2::/64</c>.</summary>
    public required string Key { get; set; }

    /// <summary>The minute counted in <see cref="Count"/>, as whole minutes since 1970 (UTC).</summary>
    public long Minute { get; set; }

    public int Count { get; set; }

    /// <summary>The posts of the minute before <see cref="Minute"/>, for the sliding estimate.</summary>
    public int PreviousCount { get; set; }
}

internal sealed class FormRateCounterConfiguration : IEntityTypeConfiguration<FormRateCounter>
{
    public void Configure(EntityTypeBuilder<FormRateCounter> builder)
    {
        builder.ToTable("FormRateCounters");
        builder.HasKey(e => e.Key);
        builder.Property(e => e.Key).HasMaxLength(FormRateCounter.MaxKeyLength).IsUnicode(false);
        builder.HasIndex(e => e.Minute); // the clean-up's range
    }
}

/// <summary>
/// The per-address limits on form posts (<see cref="RateLimits"/>), held in the database so that they hold across
/// nodes: behind a load balancer of N nodes an address gets the limit once, not N times.
/// <para>
/// One statement per limited post: an upsert that counts the post and returns the counts (INSERT ... ON CONFLICT
/// DO UPDATE ... RETURNING, on PostgreSQL and on SQLite alike). The database does the read-modify-write under the
/// row's lock, so posts spread over nodes lose no count; there is no read followed by a write for two nodes to race.
/// The estimate is a sliding minute: this minute's count plus the previous minute's, weighted by how much of it
/// still lies within the last 60 seconds, so that a burst across a minute boundary does not get the limit twice.
/// </para>
/// <para>
/// It runs before the rate limiter's per-node hashing queue and before anything reads the body: a refused post is
/// answered 429 without its form (or its uploads) being read. A refused post still counts, so that a client that
/// keeps hammering stays refused.
/// </para>
/// </summary>
public static class ClusterFormLimits
{
    private const string Sql = """
        INSERT INTO "FormRateCounters" ("Key", "Minute", "Count", "PreviousCount") VALUES ({0}, {1}, 1, 0)
        ON CONFLICT ("Key") DO UPDATE SET
            "PreviousCount" = CASE WHEN "FormRateCounters"."Minute" = excluded."Minute" THEN "FormRateCounters"."PreviousCount"
                                   WHEN "FormRateCounters"."Minute" = excluded."Minute" - 1 THEN "FormRateCounters"."Count"
                                   ELSE 0 END,
            "Count" = CASE WHEN "FormRateCounters"."Minute" = excluded."Minute" THEN "FormRateCounters"."Count" + 1 ELSE 1 END,
            "Minute" = excluded."Minute"
        RETURNING "Count", "PreviousCount"
        """;

    public static void UseClusterFormLimits(this WebApplication app)
    {
        var options = app.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        app.Use(async (context, next) =>
        {
            var (kind, limit) = RateLimits.PerAddressLimitOf(context, options);
            if (kind is null)
            {
                await next();
                return;
            }

            var clock = context.RequestServices.GetRequiredService<TimeProvider>();
            var db = context.RequestServices.GetRequiredService<PortalDbContext>();
            var key = kind + ":" + LoginThrottle.AddressKey(context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            var (over, retryAfter) = await CountAsync(db, key[..Math.Min(key.Length, FormRateCounter.MaxKeyLength)], limit, clock.GetUtcNow(), context.RequestAborted);
            if (over)
            {
                // The status code page (/error/429) writes the Japanese message; the header says when to come back.
                // It runs for this same POST: given an empty form, it does not read the refused body either.
                context.Request.Form = FormCollection.Empty;
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                return;
            }

            await next();
        });
    }

    /// <summary>Counts one post of <paramref name="key"/> at <paramref name="now"/>; whether it is over the limit, and the seconds to wait if so.</summary>
    public static async Task<(bool Over, int RetryAfterSeconds)> CountAsync(PortalDbContext db, string key, int limit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var minute = now.ToUnixTimeSeconds() / 60;
        var counts = await db.Database.SqlQueryRaw<Counts>(Sql, key, minute).ToListAsync(cancellationToken);
        var (count, previous) = (counts[0].Count, counts[0].PreviousCount);
        var intoMinute = (now.ToUnixTimeMilliseconds() - (minute * 60_000)) / 60_000.0;
        var estimate = count + (previous * (1 - intoMinute));
        if (estimate <= limit)
        {
            return (false, 0);
        }

        // At the latest the next minute (the header is advice; a client that comes back too soon is refused again).
        var waitSeconds = 60 - (int)(intoMinute * 60);
        return (true, Math.Clamp(waitSeconds, 1, 60));
    }

    private sealed class Counts
    {
        public int Count { get; set; }

        public int PreviousCount { get; set; }
    }
}

/// <summary>Counters of minutes long past: nothing reads them again.</summary>
internal sealed class FormRateCounterCleanup : IHousekeepingTask
{
    public string Name => "form rate counters";

    public Task<int> RunAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stale = (now.ToUnixTimeSeconds() / 60) - 2;
        return Batches.DeleteAsync(db.Set<FormRateCounter>().Where(c => c.Minute < stale).OrderBy(c => c.Key), cancellationToken);
    }
}
