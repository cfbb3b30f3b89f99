namespace OnshiPortal.Features.Registration;

public static class RegistrationServices
{
    /// <summary>初めてご利用になる方 (flow 2), and the proof a self-registration waits for.</summary>
    public static IServiceCollection AddRegistration(this IServiceCollection services) => services
        .AddScoped<RegistrationService>()
        .AddScoped<PendingRegistrations>();
}
