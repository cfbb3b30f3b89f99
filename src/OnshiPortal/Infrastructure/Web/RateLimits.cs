using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using OnshiPortal.Infrastructure.Housekeeping;

namespace OnshiPortal.Infrastructure.Web;

/// <summary>The <c>RateLimits</c> section.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Form posts a client address may make a minute to the pages that check a secret or send a mail.</summary>
    public int PostsPerAddressPerMinute { get; set; } = 30;

    /// <summary>
    /// Posts that hash a password (login, password change and reset, registration, activation, e-mail change) run at
    /// most this many at once on a node; 0 = twice the processor count. The hash is pure CPU: more at once only
    /// shares the cores out thinner, and twice the cores keeps them busy while a request waits for the database.
    /// </summary>
    public int PasswordChecksAtOnce { get; set; }

    /// <summary>
    /// Such posts beyond those running wait in a queue (oldest first) of this length; 0 = 32 per processor, about
    /// a second and a half of work at PBKDF2's cost on any number of cores. Beyond the queue: 429 with Retry-After.
    /// </summary>
    public int PasswordCheckQueue { get; set; }

    /// <summary>
    /// Posts a client address may make a minute to the filing forms, whose check step takes uploads (up to
    /// 5 × 10 MB each). Turned away before the body is read, so a refused post stores nothing.
    /// </summary>
    public int UploadPostsPerAddressPerMinute { get; set; } = 10;

    /// <summary>The Retry-After, in seconds, told to a post turned away because the node is busy hashing.</summary>
    public int BusyRetryAfterSeconds { get; set; } = 5;

    public int EffectivePasswordChecksAtOnce => PasswordChecksAtOnce > 0 ? PasswordChecksAtOnce : 2 * Environment.ProcessorCount;

    public int EffectivePasswordCheckQueue => PasswordCheckQueue > 0 ? PasswordCheckQueue : 32 * Environment.ProcessorCount;
}

/// <summary>
/// Limits on the posts that check a password, send a mail or upload:
/// <list type="number">
/// <item>a rate per client address (login, registration mail, reset mail, resend, e-mail change). Generous, because a
/// hospital's staff share one address; the per-account lockout and the temporary-credential throttle do the
/// fine-grained work. Counted in the database (<see cref="ClusterFormLimits"/>), so that it holds across nodes.</item>
/// <item>a lower rate per client address on the filing forms, whose posts carry uploads, counted the same way.</item>
/// <item>a concurrency limit with a bounded queue on the posts that hash a password, for the node as a whole
/// (ASP.NET Core's rate limiter, in the node's memory: it protects this node's cores): at twice the rate the cores
/// can hash, the excess waits its turn or gets 429, instead of every request slowing down together until they time
/// out or starve the thread pool.</item>
/// </list>
/// </summary>
public static class RateLimits
{
    private static readonly string[] PerAddressPaths = ["/login", "/register", "/account/forgot", "/activation/sent", "/account/email", "/mypage/vendors", "/vendor/accept", "/invitation"];

    /// <summary>The forms whose posts may carry uploads.</summary>
    private static readonly string[] UploadPaths = ["/mypage/deferral", "/mypage/succession"];

    /// <summary>The pages whose posts hash or verify a password (PBKDF2, about 50 ms of a core each).</summary>
    private static readonly string[] HashingPaths = ["/login", "/register", "/activation", "/account/password", "/account/reset", "/account/email", "/vendor/accept", "/invitation"];

    public static void AddPortalRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddHousekeepingTask<FormRateCounterCleanup>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;

            // The address's rate was counted before (ClusterFormLimits): a flood from one address is turned away
            // before it takes a place in the queue.
            limiter.GlobalLimiter = PasswordChecks(options);

            // The status code page (/error/429) writes the Japanese message; the header says when to come back.
            limiter.OnRejected = (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(options.BusyRetryAfterSeconds);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
        });
    }

    /// <summary>The per-address limit a request falls under: its counter's kind and posts a minute, or (null, 0).</summary>
    public static (string? Kind, int Limit) PerAddressLimitOf(HttpContext context, RateLimitOptions options) =>
        IsPostTo(context, PerAddressPaths) ? ("form", options.PostsPerAddressPerMinute)
        : IsPostTo(context, UploadPaths) ? ("upload", options.UploadPostsPerAddressPerMinute)
        : (null, 0);

    /// <summary>One partition for the whole node: the cores are shared by every client.</summary>
    private static PartitionedRateLimiter<HttpContext> PasswordChecks(RateLimitOptions options) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context => IsPostTo(context, HashingPaths)
            ? RateLimitPartition.GetConcurrencyLimiter("password-checks", _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = options.EffectivePasswordChecksAtOnce,
                QueueLimit = options.EffectivePasswordCheckQueue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            })
            : RateLimitPartition.GetNoLimiter(string.Empty));

    private static bool IsPostTo(HttpContext context, string[] paths) =>
        HttpMethods.IsPost(context.Request.Method)
        && paths.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
}
