using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OnshiPortal.Infrastructure.Observability;

/// <summary>Logs, metrics and traces of a web node.</summary>
public static class Telemetry
{
    /// <summary>The OpenTelemetry SDK's own configuration key (an environment variable, or any configuration source).</summary>
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static void AddPortalTelemetry(this WebApplicationBuilder builder, bool commandLine)
    {
        builder.Services.AddSingleton<PortalMetrics>();
        if (commandLine)
        {
            return; // the operator reads the command line's few warnings, and nothing collects them
        }

        if (UsesJsonLogs(builder))
        {
            // One JSON object a line for the journal and a log shipper. The scopes carry ASP.NET Core's RequestId and
            // RequestPath and the trace's TraceId, which the response's X-Request-Id header repeats.
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.JsonWriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };
            });
        }

        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpoint]))
        {
            // Only when a collector is named: without one the SDK would only cost. The exporter reads the endpoint,
            // OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_SERVICE_NAME, ... from the configuration itself.
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(r => r.AddService(PortalMetrics.Name, serviceInstanceId: Environment.MachineName))
                .WithMetrics(m => m.AddMeter(PortalMetrics.Name).AddAspNetCoreInstrumentation())
                .WithTracing(t => t.AddSource(PortalMetrics.Name)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !Health.IsProbe(context.Request.Path)))
                .UseOtlpExporter();
        }
    }

    /// <summary><c>Logging:Format</c> <c>json</c> or <c>simple</c>; JSON by default outside Development.</summary>
    private static bool UsesJsonLogs(WebApplicationBuilder builder) =>
        (builder.Configuration["Logging:Format"] ?? (builder.Environment.IsDevelopment() ? "simple" : "json"))
            .Equals("json", StringComparison.OrdinalIgnoreCase);
}
