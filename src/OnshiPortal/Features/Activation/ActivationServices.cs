using OnshiPortal.Infrastructure.Housekeeping;
using OnshiPortal.Infrastructure.Scheduling;

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
        services.AddScoped<Reminders.LetterExpiryReminders>();
        services.AddScheduledJob<Reminders.LetterExpiryReminderJob>();
    }
}
