using Microsoft.Extensions.Options;
using OnshiPortal.Features.Subsidy.Payments;

namespace OnshiPortal.Features.Subsidy;

public static class SubsidyServices
{
    /// <summary>
    /// The subsidy's rules (the "Subsidy" section, checked when the portal starts: a wrong table stops the start
    /// rather than computing wrong amounts) and its calculator.
    /// </summary>
    public static IServiceCollection AddSubsidy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SubsidyOptions>()
            .Bind(configuration.GetSection(SubsidyOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SubsidyOptions>, SubsidyOptionsValidation>();
        services.AddSingleton<SubsidyCalculation>();
        services.AddOptions<Claims.ClaimOptions>().Bind(configuration.GetSection(Claims.ClaimOptions.Section));
        services.AddSubsidyPayments(configuration);
        return services;
    }
}
