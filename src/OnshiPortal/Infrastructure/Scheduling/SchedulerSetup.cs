using Microsoft.Extensions.Options;

namespace OnshiPortal.Infrastructure.Scheduling;

public static class SchedulerSetup
{
    /// <summary>
    /// The scheduler ("Scheduler" section, validated on start: a schedule that is not cron stops the start naming its
    /// job) and its worker (started only by the web process, <paramref name="backgroundWorker"/>, and only with
    /// <c>Scheduler:Enabled</c>); the jobs come from the features (<see cref="AddScheduledJob{T}"/>).
    /// </summary>
    public static IServiceCollection AddPortalScheduler(this IServiceCollection services, IConfiguration configuration, bool backgroundWorker)
    {
        var section = configuration.GetSection(SchedulerOptions.Section);
        services.AddOptions<SchedulerOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SchedulerOptions>, SchedulerOptionsValidation>();
        services.AddSingleton<ScheduledJobCatalog>();
        services.AddSingleton<JobScheduler>();
        services.AddScoped<ScheduledRuns>();
        if (backgroundWorker && section.GetValue(nameof(SchedulerOptions.Enabled), true))
        {
            services.AddHostedService<SchedulerWorker>();
        }

        return services;
    }

    /// <summary>A feature's recurring job; its schedule is <c>Scheduler:Jobs:NAME:Schedule</c>.</summary>
    public static IServiceCollection AddScheduledJob<T>(this IServiceCollection services)
        where T : class, IScheduledJob
    {
        services.AddScoped<T>();
        services.AddSingleton(new ScheduledJobType(typeof(T)));
        return services;
    }
}
