using OnshiPortal.Infrastructure.Files;
using OnshiPortal.Infrastructure.Housekeeping;

namespace OnshiPortal.Features.News;

public static class NewsServices
{
    public static void AddNews(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<NewsOptions>(configuration.GetSection(NewsOptions.Section));
        services.AddScoped<NoticeFiles>();
        services.AddHousekeepingTask<NoticeStagingCleanup>();
        services.AddLegacyFileImport<NoticeAttachmentImport>();
        services.AddScoped<NoticeBoard>();
        services.AddScoped<NoticeReader>();
        services.AddScoped<NoticeCirculation>();
        services.AddHousekeepingTask<NewsByMail>();
    }
}
