using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace OnshiPortal.Infrastructure.Web;

/// <summary>The <c>RateLimits</c> section.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Form posts a client address may make a minute to the pages that check a secret or send a mail.</summary>
    public int PostsPerAddressPerMinute { get; set; } = 30;
}

/// <summary>
/// A rate limit per client address (ASP.NET Core's rate limiter) on the posts that check a password or send a mail:
/// login, registration mail, reset mail, resend. Generous, because a hospital's staff share one address; the
/// per-account lockout and the temporary-credential throttle do the fine-grained work. Kept in each node's memory:
/// behind a load balancer of N nodes an address gets up to N times the limit (documented choice).
/// </summary>
public static class RateLimits
{
    private static readonly string[] LimitedPaths = ["/login", "/register", "/account/forgot", "/activation/sent", "/account/email"];

    public static void AddPortalRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (!HttpMethods.IsPost(context.Request.Method)
                    || !LimitedPaths.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
                {
                    return RateLimitPartition.GetNoLimiter(string.Empty);
                }

                var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetSlidingWindowLimiter(address, _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = options.PostsPerAddressPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    SegmentsPerWindow = 6,
                    QueueLimit = 0,
                });
            });

            // The status code page (/error/429) writes the Japanese message; the header says when to come back.
            limiter.OnRejected = (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(10);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
        });
    }
}
