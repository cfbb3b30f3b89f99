using OnshiPortal.Infrastructure.Housekeeping;

namespace OnshiPortal.Features.People;

public static class PeopleServices
{
    /// <summary>An institution's named people: who may do what (InstitutionAccess), invitations, roles, suspension.</summary>
    public static IServiceCollection AddPeople(this IServiceCollection services)
    {
        services.AddScoped<InstitutionAccesses>();
        services.AddScoped<InstitutionPeople>();
        services.AddScoped<Invitations>();
        services.AddScoped<PeopleStates>();
        services.AddHousekeepingTask<InactivityCheck>();
        return services;
    }
}
