using System.Globalization;
using OnshiPortal.Infrastructure.Scheduling;

namespace OnshiPortal.Features.Procedures.Reminders;

/// <summary>
/// The scheduler's daily run of <see cref="DeadlineReminders"/> (<c>Scheduler:Jobs:deadline-reminders</c>, 9:00 in
/// Japan by default). A rerun of the same day, by hand or after a crash, reminds nobody twice.
/// </summary>
public sealed class DeadlineReminderJob(DeadlineReminders reminders) : IScheduledJob
{
    public const string JobName = "deadline-reminders";

    public string Name => JobName;

    public async Task<ScheduledJobResult> RunAsync(ScheduledOccurrence occurrence, CancellationToken cancellationToken)
    {
        var reminded = await reminders.SendDueAsync(cancellationToken);
        return new(string.Create(CultureInfo.InvariantCulture, $"reminded {reminded} institutions"));
    }
}
