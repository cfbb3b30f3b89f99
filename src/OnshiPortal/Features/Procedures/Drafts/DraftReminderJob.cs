using System.Globalization;
using OnshiPortal.Infrastructure.Scheduling;

namespace OnshiPortal.Features.Procedures.Drafts;

/// <summary>
/// The scheduler's daily run of <see cref="DraftReminders"/> (<c>Scheduler:Jobs:draft-reminders</c>, 9:30 in Japan by
/// default): expired drafts deleted, drafts left for <c>Procedures:Drafts:RemindAfterDays</c> days reminded of. A
/// rerun, by hand or after a crash, reminds nobody twice.
/// </summary>
public sealed class DraftReminderJob(DraftReminders reminders) : IScheduledJob
{
    public const string JobName = "draft-reminders";

    public string Name => JobName;

    public async Task<ScheduledJobResult> RunAsync(ScheduledOccurrence occurrence, CancellationToken cancellationToken)
    {
        var (reminded, deleted) = await reminders.RunAsync(cancellationToken);
        return new(string.Create(CultureInfo.InvariantCulture, $"reminded {reminded} people, deleted {deleted} expired drafts"));
    }
}
