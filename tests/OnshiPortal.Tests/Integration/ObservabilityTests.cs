using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Infrastructure.Mail.Reminders;
using OnshiPortal.Infrastructure.Observability;
using OnshiPortal.Tests.Support;
using OpenTelemetry.Metrics;

namespace OnshiPortal.Tests.Integration;

/// <summary>What the operations team sees: the probes, the portal's metrics, and the JSON log lines.</summary>
public abstract class ObservabilityTests : DataTest
{
    [Fact]
    public async Task Readyz_answers_200_with_the_database_and_503_when_the_outbox_lags()
    {
        await using var app = await StartAppAsync();
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        var ready = await client.GetAsync("/readyz");
        var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());

        // A due mail that nobody has sent for 20 minutes (the worker is off in tests): more than the 15-minute limit.
        await using (var db = app.Database.CreateContext())
        {
            var due = DateTimeOffset.UtcNow.AddMinutes(-20);
            db.Set<OutboxMessage>().Add(new OutboxMessage { To = "late@clinic.example", Subject = "s", TextBody = "t", CreatedAt = due, NextAttemptAt = due });
            await db.SaveChangesAsync();
        }

        var lagging = await client.GetAsync("/readyz");
        body = JsonDocument.Parse(await lagging.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, lagging.StatusCode);
        Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("outbox").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode); // alive all the same

        // The gauge reads the same lag.
        var gauge = await MeasureAsync(app, "onshi.outbox.lag", listener =>
        {
            listener.RecordObservableInstruments();
            return Task.CompletedTask;
        });
        Assert.InRange(Assert.Single(gauge).Value, 19 * 60.0, 30 * 60.0);
    }

    [Fact]
    public async Task A_unique_key_race_the_portal_settles_is_no_error_and_a_failure_nobody_settles_still_is()
    {
        await using var app = await StartAppAsync();
        using (var scope = app.Services.CreateScope())
        {
            // The second insert of a reminder two nodes sent at once (SentReminders settles it: the first stands).
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            SentReminder Reminder() => new() { Kind = "race", Occasion = "2027-03-31/7", Subject = "1311111111", SentAt = DateTimeOffset.UtcNow };
            db.Add(Reminder());
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            db.Add(Reminder());
            var race = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            Assert.True(DatabaseErrors.IsUniqueViolation(race));
        }

        Assert.Empty(app.ServerErrors.Entries);

        // A table gone under a page: nobody settles that, and the request's error handler logs it at Error.
        await using (var db = app.Database.CreateContext())
        {
            await db.Database.ExecuteSqlRawAsync("""ALTER TABLE "Notices" RENAME TO "NoticesGone" """);
        }

        var response = await app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") }).GetAsync("/news");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains(app.ServerErrors.Entries, e => e.StartsWith("Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_login_counts_in_the_logins_counter_by_method_and_outcome()
    {
        await using var app = await StartAppAsync();
        var (_, credential) = await app.IssueAsync();
        var measurements = await MeasureAsync(app, "onshi.logins", async _ =>
        {
            var session = new HttpSession(app.CreateBrowserLikeClient());
            await session.SubmitAsync("/login", new Dictionary<string, string> { ["Input.Email"] = "nobody@clinic.example", ["Input.Password"] = "not-the-password-1" });
            await session.TemporaryLogInAsync(credential.LoginId, credential.Password);
        });

        Assert.Equal(
            ["password/failure", "temporary/success"],
            measurements.Select(m => $"{m.Tags["method"]}/{m.Tags["outcome"]}").Order().ToArray());
        Assert.All(measurements, m => Assert.Equal(1.0, m.Value));
    }

    [Fact]
    public async Task A_json_log_line_carries_the_request_id_that_the_response_names()
    {
        await using var app = await StartAppAsync();
        var capture = new ConcurrentQueue<string>();
        await using var logging = app.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Logging:Format", "json");
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "Information");
            builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(provider => new FormattedLineCapture(provider, capture)));
        });

        var path = "/no-such-page-" + Guid.NewGuid().ToString("N");
        // On https as a browser behind nginx is: plain HTTP would be redirected (HttpsOnly), a second request with its own id.
        var response = await logging.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") }).GetAsync(path);
        var requestId = Assert.Single(response.Headers.GetValues("X-Request-Id"));

        var line = capture.First(l => l.Contains(path, StringComparison.Ordinal) && l.Contains("Request starting", StringComparison.Ordinal));
        var json = JsonDocument.Parse(line).RootElement;
        var scopes = json.GetProperty("Scopes").EnumerateArray().ToList();
        Assert.Contains(scopes, s => s.TryGetProperty("TraceId", out var id) && id.GetString() == requestId);
        Assert.Contains(scopes, s => s.TryGetProperty("RequestId", out var id) && !string.IsNullOrEmpty(id.GetString()));
        Assert.Equal(32, requestId.Length);
    }

    [Fact]
    public async Task OpenTelemetry_runs_only_when_an_OTLP_endpoint_is_configured()
    {
        await using var app = await StartAppAsync();
        app.CreateClient();
        Assert.Null(app.Services.GetService<MeterProvider>());

        await using var exporting = app.WithWebHostBuilder(b => b.UseSetting(Telemetry.OtlpEndpoint, "http://127.0.0.1:9"));
        exporting.CreateClient();
        Assert.NotNull(exporting.Services.GetService<MeterProvider>());
    }

    private sealed record Recorded(double Value, Dictionary<string, object?> Tags);

    /// <summary>
    /// The measurements of one of this app's instruments while <paramref name="action"/> runs. Only this app's
    /// meter factory counts: other tests' apps run beside this one.
    /// </summary>
    private static async Task<List<Recorded>> MeasureAsync(PortalAppFactory app, string instrument, Func<MeterListener, Task> action)
    {
        var meters = app.Services.GetRequiredService<IMeterFactory>();
        app.Services.GetRequiredService<PortalMetrics>(); // its instruments exist from here on
        var recorded = new ConcurrentQueue<Recorded>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (i, l) =>
            {
                if (ReferenceEquals(i.Meter.Scope, meters) && i.Meter.Name == PortalMetrics.Name && i.Name == instrument)
                {
                    l.EnableMeasurementEvents(i);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => recorded.Enqueue(new Recorded(value, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) => recorded.Enqueue(new Recorded(value, ToDictionary(tags))));
        listener.Start();
        await action(listener);
        return [.. recorded];
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }

        return result;
    }

    /// <summary>
    /// Writes every log entry through the console formatter the app configured (its name and options, scopes
    /// included), into a list instead of the process's console, which the tests running beside this one share.
    /// </summary>
    private sealed class FormattedLineCapture(IServiceProvider services, ConcurrentQueue<string> lines) : ILoggerProvider, ISupportExternalScope
    {
        private readonly ConsoleFormatter formatter = services.GetServices<ConsoleFormatter>()
            .Single(f => f.Name == services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);

        private readonly ConcurrentQueue<string> output = lines;

        private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(FormattedLineCapture owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => NullLogger.Instance.BeginScope(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var writer = new StringWriter();
                owner.formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), owner.scopes, writer);
                owner.output.Enqueue(writer.ToString());
            }
        }
    }
}

public sealed class ObservabilityTestsOnSqlite : ObservabilityTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class ObservabilityTestsOnPostgres : ObservabilityTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
