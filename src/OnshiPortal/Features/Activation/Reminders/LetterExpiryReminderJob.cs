using System.Globalization;
using OnshiPortal.Infrastructure.Scheduling;

namespace OnshiPortal.Features.Activation.Reminders;

/// <summary>The scheduler's daily run of <see cref="LetterExpiryReminders"/> (<c>Scheduler:Jobs:letter-expiry-reminders</c>, 9:30 in Japan by default).</summary>
public sealed class LetterExpiryReminderJob(LetterExpiryReminders reminders) : IScheduledJob
{
    public const string JobName = "letter-expiry-reminders";

    public string Name => JobName;

    public async Task<ScheduledJobResult> RunAsync(ScheduledOccurrence occurrence, CancellationToken cancellationToken)
    {
        var outcome = await reminders.SendDueAsync(cancellationToken);
        return new(string.Create(CultureInfo.InvariantCulture, $"reminded {outcome.Mailed} institutions; {outcome.WithoutAddress} without an address, left for the next resend"));
    }
}
