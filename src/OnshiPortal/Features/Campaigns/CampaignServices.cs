using OnshiPortal.Features.Campaigns.FollowUps;
using OnshiPortal.Features.Campaigns.Jobs;
using OnshiPortal.Infrastructure.Housekeeping;
using OnshiPortal.Infrastructure.Scheduling;

namespace OnshiPortal.Features.Campaigns;

public static class CampaignServices
{
    public static void AddCampaigns(this IServiceCollection services, IConfiguration configuration, bool backgroundJobs)
    {
        services.Configure<CampaignOptions>(configuration.GetSection(CampaignOptions.Section));
        services.AddSingleton<LetterPasswordSeal>();
        services.AddScoped<CampaignService>();
        services.AddScoped<CampaignExport>();
        services.AddScoped<CampaignJobs>();
        services.AddSingleton<CampaignJobRunner>();
        services.AddHousekeepingTask<ExportFileCleanup>();
        services.AddScoped<CampaignFollowUps>();
        services.AddScheduledJob<CampaignFollowUpJob>();
        if (backgroundJobs)
        {
            // Every node runs jobs: the database hands each job to one node at a time (Jobs/CampaignJobClaim.cs).
            services.AddHostedService(provider => provider.GetRequiredService<CampaignJobRunner>());
        }
    }
}
