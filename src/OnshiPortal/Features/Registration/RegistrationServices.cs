using OnshiPortal.Infrastructure.Housekeeping;

namespace OnshiPortal.Features.Registration;

public static class RegistrationServices
{
    /// <summary>初めてご利用になる方 (flow 2), the proofs a self-registration waits for (the letter, the posted code), and the clean-up of spent links.</summary>
    public static void AddRegistration(this IServiceCollection services)
    {
        services.AddScoped<RegistrationService>();
        services.AddScoped<PendingRegistrations>();
        services.AddScoped<RegistrationPins>();
        services.AddOptions<PinLetterOptions>().BindConfiguration(PinLetterOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHousekeepingTask<RegistrationLinkCleanup>();
    }
}
