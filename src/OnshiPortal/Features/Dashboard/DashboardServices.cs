using OnshiPortal.Infrastructure.Scheduling;

namespace OnshiPortal.Features.Dashboard;

public static class DashboardServices
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, bool backgroundJobs)
    {
        services.AddScoped<RegistrationDashboard>();
        services.AddSingleton<DashboardSnapshot>();
        services.AddScoped<Weekly.AssociationReports>();
        services.AddScheduledJob<Weekly.AssociationReportJob>();
        if (backgroundJobs)
        {
            services.AddHostedService<DashboardRefresher>();
        }

        return services;
    }
}
