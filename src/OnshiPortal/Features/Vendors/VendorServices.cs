namespace OnshiPortal.Features.Vendors;

public static class VendorServices
{
    /// <summary>ベンダー (委任): delegations of chosen procedures to a vendor's person, until an end date.</summary>
    public static IServiceCollection AddVendors(this IServiceCollection services)
    {
        services.AddScoped<VendorGrants>();
        services.AddScoped<VendorAcceptance>();
        return services;
    }
}
