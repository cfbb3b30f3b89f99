using System.Text.Json;
using OnshiPortal.Infrastructure.Housekeeping;

namespace OnshiPortal.Features.Status;

public static class StatusServices
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };

    /// <summary>障害・メンテナンス情報: the board, the banner's cache (one per node), and the mails of openings and all-clears.</summary>
    public static IServiceCollection AddStatus(this IServiceCollection services)
    {
        services.AddSingleton<StatusBanner>();
        services.AddScoped<StatusBoard>();
        services.AddHousekeepingTask<StatusByMail>();
        return services;
    }

    /// <summary>
    /// <c>/status.json</c>: the same as /status for machines (a vendor's monitoring, a prefecture's dashboard), open to
    /// all and cacheable for the banner's 15 seconds. Times are ISO 8601 in Japan time; Markdown as written.
    /// </summary>
    public static void MapStatus(this IEndpointRouteBuilder app) =>
        app.MapGet("/status.json", async (HttpContext context, StatusBoard board, CancellationToken cancellationToken) =>
        {
            var open = await board.OpenAsync(cancellationToken);
            var past = await board.PastAsync(cancellationToken);
            context.Response.Headers.CacheControl = "public, max-age=15";
            return Results.Json(new
            {
                status = open.Count == 0 ? "ok" : open.Any(i => i.Kind == IncidentKind.Outage) ? "outage" : "maintenance",
                open = open.Select(Json),
                past = past.Select(Json),
            }, Options);
        }).AllowAnonymous();

    private static object Json(Incident incident) => new
    {
        id = incident.Id,
        kind = incident.Kind == IncidentKind.Maintenance ? "maintenance" : "outage",
        title = incident.Title,
        startedAt = Infrastructure.JapanTime.Iso(incident.StartedAt),
        resolvedAt = incident.ResolvedAt is { } resolved ? Infrastructure.JapanTime.Iso(resolved) : null,
        updates = incident.Updates.OrderBy(u => u.At).ThenBy(u => u.Id).Select(u => new { at = Infrastructure.JapanTime.Iso(u.At), body = u.Body, resolved = u.Resolves }),
    };
}
