using OnshiPortal.Infrastructure.Housekeeping;

namespace OnshiPortal.Features.Activation;

public static class ActivationServices
{
    public static void AddActivation(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<CredentialOptions>(configuration.GetSection(CredentialOptions.Section));
        services.AddSingleton<CredentialKeyRing>();
        services.AddScoped<TemporaryCredentials>();
        services.AddScoped<LoginThrottle>();
        services.AddScoped<CredentialLogin>();
        services.AddHousekeepingTask<LoginThrottleCleanup>();
        services.AddHousekeepingTask<ExpiredActivationRequestCleanup>();
    }
}
