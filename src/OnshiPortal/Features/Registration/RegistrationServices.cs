using OnshiPortal.Infrastructure.Housekeeping;

namespace OnshiPortal.Features.Registration;

public static class RegistrationServices
{
    public static void AddRegistration(this IServiceCollection services)
    {
        services.AddScoped<RegistrationService>();
        services.AddHousekeepingTask<RegistrationLinkCleanup>();
    }
}
