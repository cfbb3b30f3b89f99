namespace OnshiPortal.Features.Subsidy.Payments;

public static class PaymentServices
{
    /// <summary>The month's close and the bank's result ("Subsidy:Payment" says when a closed month is paid).</summary>
    public static IServiceCollection AddSubsidyPayments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PaymentOptions>().Bind(configuration.GetSection(PaymentOptions.Section));
        services.AddScoped<PaymentClose>();
        services.AddScoped<PaymentSettlement>();
        return services;
    }
}
