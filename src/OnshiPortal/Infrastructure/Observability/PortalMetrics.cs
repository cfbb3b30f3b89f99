using System.Diagnostics;
using System.Diagnostics.Metrics;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Infrastructure.Observability;

/// <summary>
/// The portal's own metrics (Meter "OnshiPortal") and traces (ActivitySource "OnshiPortal"), one place for every
/// feature that reports. Exported over OTLP when configured (<see cref="Telemetry"/>); free when nothing listens.
/// </summary>
public sealed class PortalMetrics
{
    public const string Name = "OnshiPortal";

    /// <summary>Spans of the portal's own long work: a mail's send, a campaign's export.</summary>
    public static readonly ActivitySource Tracing = new(Name);

    private readonly Counter<long> logins;
    private readonly Counter<long> activations;
    private readonly Counter<long> mailsSent;
    private readonly Counter<long> mailsFailed;
    private readonly Counter<long> mailsDead;
    private readonly Counter<long> lettersRendered;

    public PortalMetrics(IMeterFactory meters, IServiceScopeFactory scopes, TimeProvider clock)
    {
        var meter = meters.Create(Name);
        logins = meter.CreateCounter<long>("onshi.logins", "{login}", "Login attempts by method (password, temporary, passkey, two-factor) and outcome (success, failure, locked-out)");
        activations = meter.CreateCounter<long>("onshi.activations", "{activation}", "Accounts activated from a temporary credential");
        mailsSent = meter.CreateCounter<long>("onshi.mails.sent", "{mail}", "Mails handed to the transport");
        mailsFailed = meter.CreateCounter<long>("onshi.mails.failed", "{mail}", "Sends that failed (retried later)");
        mailsDead = meter.CreateCounter<long>("onshi.mails.dead", "{mail}", "Mails given up after the last try (dead letters)");
        lettersRendered = meter.CreateCounter<long>("onshi.letters.rendered", "{letter}", "Direct-mail letters rendered into print PDFs");

        // Read when the exporter collects (once a minute), from the database: the outbox is shared by all nodes, so
        // every node reports the same figure and a dashboard takes the maximum.
        meter.CreateObservableGauge("onshi.outbox.lag", () => MeasureLag(scopes, clock), "s", "Age of the oldest due mail not yet sent");
    }

    /// <param name="method"><c>password</c>, <c>temporary</c> (a letter's credential), <c>passkey</c> or <c>two-factor</c>.</param>
    public void Login(string method, bool succeeded, bool lockedOut = false) =>
        logins.Add(1, new KeyValuePair<string, object?>("method", method),
            new KeyValuePair<string, object?>("outcome", succeeded ? "success" : lockedOut ? "locked-out" : "failure"));

    public void ActivationCompleted() => activations.Add(1);

    public void MailSent() => mailsSent.Add(1);

    public void MailFailed() => mailsFailed.Add(1);

    public void MailDead() => mailsDead.Add(1);

    public void LettersRendered(int count) => lettersRendered.Add(count);

    private static Measurement<double>[] MeasureLag(IServiceScopeFactory scopes, TimeProvider clock)
    {
        try
        {
            using var scope = scopes.CreateScope();
            var lag = OutboxLag.Measure(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), clock.GetUtcNow());
            return [new Measurement<double>(lag.TotalSeconds)];
        }
        catch (Exception)
        {
            // The database is away: no figure this time (the readiness check says why), rather than a wrong zero.
            return [];
        }
    }
}
