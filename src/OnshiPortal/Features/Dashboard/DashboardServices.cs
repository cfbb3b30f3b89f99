namespace OnshiPortal.Features.Dashboard;

public static class DashboardServices
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, bool backgroundJobs)
    {
        services.AddScoped<RegistrationDashboard>();
        services.AddSingleton<DashboardSnapshot>();
        if (backgroundJobs)
        {
            services.AddHostedService<DashboardRefresher>();
        }

        return services;
    }
}
