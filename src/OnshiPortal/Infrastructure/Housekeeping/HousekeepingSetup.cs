namespace OnshiPortal.Infrastructure.Housekeeping;

public static class HousekeepingSetup
{
    /// <summary>The worker (started only by the web process, <paramref name="backgroundWorker"/>); the tasks come from the features.</summary>
    public static IServiceCollection AddPortalHousekeeping(this IServiceCollection services, IConfiguration configuration, bool backgroundWorker)
    {
        var section = configuration.GetSection(HousekeepingOptions.Section);
        services.Configure<HousekeepingOptions>(section);
        services.AddSingleton<HousekeepingWorker>();
        if (backgroundWorker && (section.Get<HousekeepingOptions>() ?? new HousekeepingOptions()).Enabled)
        {
            services.AddHostedService(provider => provider.GetRequiredService<HousekeepingWorker>());
        }

        return services;
    }

    public static IServiceCollection AddHousekeepingTask<T>(this IServiceCollection services)
        where T : class, IHousekeepingTask
    {
        services.AddScoped<IHousekeepingTask, T>();
        return services;
    }
}
