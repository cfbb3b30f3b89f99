using OnshiPortal.Infrastructure.Housekeeping;

namespace OnshiPortal.Features.Registration;

public static class RegistrationServices
{
    /// <summary>初めてご利用になる方 (flow 2), the proof a self-registration waits for, and the clean-up of spent links.</summary>
    public static void AddRegistration(this IServiceCollection services)
    {
        services.AddScoped<RegistrationService>();
        services.AddScoped<PendingRegistrations>();
        services.AddHousekeepingTask<RegistrationLinkCleanup>();
    }
}
