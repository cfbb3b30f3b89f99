using Microsoft.Extensions.Options;
using OnshiPortal.Features.Filings.Succession;
using OnshiPortal.Infrastructure.Files;
using OnshiPortal.Infrastructure.Housekeeping;

namespace OnshiPortal.Features.Filings;

public static class FilingServices
{
    /// <summary>The filings feature: services and the "Filings" configuration section (deferral categories, attachments).</summary>
    public static IServiceCollection AddFilings(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<FilingOptions>(configuration.GetSection(FilingOptions.Section));
        services.AddSingleton<IPostConfigureOptions<FilingOptions>, FilingDeadline>();
        services.AddScoped<ReceiptNumbers>();
        services.AddScoped<SuccessionTransfer>();
        services.AddScoped<FilingService>();
        services.AddSingleton<PrivateEntries>();
        services.AddScoped<FilingQueries>();
        services.AddScoped<AttachmentStore>();
        services.AddScoped<AttachmentUploads>();
        services.AddSingleton<AttachmentAllowance>();
        services.AddHousekeepingTask<FilingStagingCleanup>();
        services.AddLegacyFileImport<FilingAttachmentImport>();
        return services;
    }
}
