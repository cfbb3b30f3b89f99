using Cronos;
using Microsoft.Extensions.Options;

namespace OnshiPortal.Infrastructure.Scheduling;

/// <summary><c>Scheduler</c>: whether this node runs scheduled jobs, and each job's schedule.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>False: this node runs no scheduled job (another node does). Running on every node is safe.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often a node looks for a due occurrence or a queued manual run.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a node holds a run without renewing; renewed every third of it while the job works.</summary>
    public TimeSpan LeaseLength { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A run taken this many times without finishing (it stops its node each time) is given up.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>By job name (<see cref="IScheduledJob.Name"/>).</summary>
    public Dictionary<string, ScheduledJobOptions> Jobs { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The job's settings; a job not named in configuration is enabled, without a schedule (run by hand only).</summary>
    public ScheduledJobOptions For(string name) => Jobs.TryGetValue(name, out var job) ? job : new ScheduledJobOptions();
}

/// <summary><c>Scheduler:Jobs:NAME</c>.</summary>
public sealed class ScheduledJobOptions
{
    /// <summary>
    /// Cron, in Japan time: five fields (minute hour day month weekday, e.g. <c>0 9 * * 1-5</c>), six with seconds
    /// first, or a macro such as <c>@daily</c>. Empty: the job runs only by hand.
    /// </summary>
    public string? Schedule { get; set; }

    /// <summary>False: the job never runs, neither on schedule nor by hand.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The parsed schedule, or null when there is none (the options were validated on start).</summary>
    public CronExpression? Cron => JobSchedule.TryParse(Schedule, out var cron) ? cron : null;
}

/// <summary>Cron expressions evaluated in Japan time (Cronos).</summary>
public static class JobSchedule
{
    public static bool TryParse(string? schedule, out CronExpression? cron)
    {
        cron = null;
        if (string.IsNullOrWhiteSpace(schedule))
        {
            return false;
        }

        var text = schedule.Trim();
        var format = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        return CronExpression.TryParse(text, format, out cron);
    }

    /// <summary>The latest occurrence after <paramref name="since"/> and at or before <paramref name="now"/>: however many were missed, one.</summary>
    public static DateTimeOffset? LatestDue(CronExpression cron, DateTimeOffset since, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cron);
        DateTimeOffset? latest = null;
        foreach (var at in cron.GetOccurrences(since, now, JapanTime.Zone, fromInclusive: false, toInclusive: true))
        {
            latest = at;
        }

        return latest?.ToUniversalTime();
    }

    /// <summary>The next occurrence after <paramref name="now"/>, in UTC.</summary>
    public static DateTimeOffset? Next(CronExpression cron, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cron);
        return cron.GetNextOccurrence(now, JapanTime.Zone)?.ToUniversalTime();
    }
}

/// <summary>
/// Checks the <c>Scheduler</c> section when the portal starts (ValidateOnStart): a schedule that is not cron stops the
/// start with a message naming the job, instead of a job that silently never runs.
/// </summary>
public sealed class SchedulerOptionsValidation : IValidateOptions<SchedulerOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        foreach (var (job, settings) in options.Jobs)
        {
            if (!string.IsNullOrWhiteSpace(settings.Schedule) && !JobSchedule.TryParse(settings.Schedule, out _))
            {
                errors.Add($"Scheduler:Jobs:{job}:Schedule: ジョブ「{job}」の実行予定「{settings.Schedule}」は cron の書式（分 時 日 月 曜日、例: 0 9 * * 1-5）ではありません。");
            }
        }

        if (options.PollInterval <= TimeSpan.Zero)
        {
            errors.Add($"Scheduler:PollInterval: 0より長い間隔にしてください（{options.PollInterval}）。");
        }

        if (options.LeaseLength < TimeSpan.FromSeconds(1))
        {
            errors.Add($"Scheduler:LeaseLength: 1秒以上にしてください（{options.LeaseLength}）。");
        }

        if (options.MaxAttempts < 1)
        {
            errors.Add($"Scheduler:MaxAttempts: 1以上にしてください（{options.MaxAttempts}）。");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
