namespace OnshiPortal.Features.News;

public static class NewsServices
{
    public static void AddNews(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<NewsOptions>(configuration.GetSection(NewsOptions.Section));
        services.AddSingleton<NoticeFiles>();
        services.AddScoped<NoticeBoard>();
        services.AddScoped<NoticeReader>();
        services.AddScoped<NoticeCirculation>();
    }
}
