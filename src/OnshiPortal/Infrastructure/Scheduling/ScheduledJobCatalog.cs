using Microsoft.Extensions.Options;

namespace OnshiPortal.Infrastructure.Scheduling;

/// <summary>A job class registered by <see cref="SchedulerSetup.AddScheduledJob{T}"/>.</summary>
public sealed record ScheduledJobType(Type Type);

/// <summary>A job as configured on this node: its schedule (null: by hand only) and whether it may run.</summary>
public sealed record ScheduledJobInfo(string Name, Type Type, string? Schedule, bool Enabled)
{
    public DateTimeOffset? NextAt(DateTimeOffset now) =>
        Enabled && JobSchedule.TryParse(Schedule, out var cron) ? JobSchedule.Next(cron!, now) : null;
}

/// <summary>
/// The jobs the features registered, by name, with their configuration. The names are read once from instances made
/// in a scope of their own (a job may depend on scoped services).
/// </summary>
public sealed class ScheduledJobCatalog(IServiceScopeFactory scopes, IEnumerable<ScheduledJobType> types, IOptionsMonitor<SchedulerOptions> options)
{
    private readonly Lazy<IReadOnlyDictionary<string, Type>> names = new(() => Names(scopes, types));

    public IReadOnlyList<ScheduledJobInfo> Jobs =>
        [.. names.Value.OrderBy(j => j.Key, StringComparer.Ordinal).Select(j => Info(j.Key, j.Value))];

    public ScheduledJobInfo? Find(string name) => names.Value.TryGetValue(name, out var type) ? Info(name, type) : null;

    private ScheduledJobInfo Info(string name, Type type)
    {
        var settings = options.CurrentValue.For(name);
        return new ScheduledJobInfo(name, type, string.IsNullOrWhiteSpace(settings.Schedule) ? null : settings.Schedule.Trim(), settings.Enabled);
    }

    private static Dictionary<string, Type> Names(IServiceScopeFactory scopes, IEnumerable<ScheduledJobType> types)
    {
        using var scope = scopes.CreateScope();
        var byName = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var type in types.Select(t => t.Type).Distinct())
        {
            var job = (IScheduledJob)scope.ServiceProvider.GetRequiredService(type);
            if (!byName.TryAdd(job.Name, type))
            {
                throw new InvalidOperationException($"Two scheduled jobs are named {job.Name}: {byName[job.Name].Name} and {type.Name}.");
            }
        }

        return byName;
    }
}
