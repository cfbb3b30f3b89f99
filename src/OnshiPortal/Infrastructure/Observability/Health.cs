using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Infrastructure.Observability;

/// <summary>The <c>Health</c> section of the configuration.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>
    /// Not ready when the oldest due mail has waited longer than this. Generous on purpose: every node shares the
    /// outbox, so a backlog turns every node "not ready" at once; it is an alarm for the monitoring, not a reason
    /// for the load balancer to take nodes out (nginx here does not read /readyz).
    /// </summary>
    public double MaxOutboxLagSeconds { get; set; } = 900;
}

/// <summary>
/// <c>/healthz</c>: liveness, the process answers (no dependency: restarting a node does not bring a database back).
/// <c>/readyz</c>: the node can serve, i.e. the database answers and the outbox keeps up; 503 otherwise, with a JSON
/// body that says which check failed.
/// </summary>
public static class Health
{
    private const string Ready = "ready";

    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static void AddPortalHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<HealthOptions>(configuration.GetSection(HealthOptions.Section));
        services.AddHealthChecks()
            .AddCheck<DatabaseReadiness>("database", tags: [Ready], timeout: CheckTimeout)
            .AddCheck<OutboxReadiness>("outbox", tags: [Ready], timeout: CheckTimeout);
    }

    public static void MapPortalHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteJsonAsync });
    }

    public static bool IsProbe(PathString path) => path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                milliseconds = (int)e.Value.Duration.TotalMilliseconds,
            }),
        }, cancellationToken: context.RequestAborted);
    }
}

internal sealed class DatabaseReadiness(PortalDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database does not answer.");
}

internal sealed class OutboxReadiness(PortalDbContext db, TimeProvider clock, IOptions<HealthOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var lag = await OutboxLag.MeasureAsync(db, clock.GetUtcNow(), cancellationToken);
        var description = $"The oldest due mail has waited {lag.TotalSeconds:F0} s (limit {options.Value.MaxOutboxLagSeconds:F0} s).";
        return lag.TotalSeconds > options.Value.MaxOutboxLagSeconds
            ? HealthCheckResult.Unhealthy(description)
            : HealthCheckResult.Healthy(description);
    }
}
