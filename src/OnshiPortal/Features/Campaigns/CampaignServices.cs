namespace OnshiPortal.Features.Campaigns;

public static class CampaignServices
{
    public static void AddCampaigns(this IServiceCollection services, IConfiguration configuration, bool backgroundJobs)
    {
        services.Configure<CampaignOptions>(configuration.GetSection(CampaignOptions.Section));
        services.AddSingleton<LetterPasswordSeal>();
        services.AddScoped<CampaignService>();
        services.AddScoped<CampaignExport>();
        services.AddSingleton<CampaignJobs>();
        if (backgroundJobs)
        {
            services.AddHostedService(provider => provider.GetRequiredService<CampaignJobs>());
        }
    }
}
