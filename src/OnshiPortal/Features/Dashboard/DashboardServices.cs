using Microsoft.Extensions.Caching.Memory;

namespace OnshiPortal.Features.Dashboard;

public static class DashboardServices
{
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddScoped<RegistrationDashboard>();
        services.AddScoped<DashboardCache>();
        return services;
    }
}

/// <summary>
/// The figures as computed at most a minute ago, shared by every operator on this node: the page and its four CSV
/// downloads then cost one computation a minute however many operators watch, and the tables and files of one
/// minute agree with each other. The page says when the figures were computed. A registration rate a minute old
/// is as good as a fresh one to someone working towards a deadline weeks away.
/// </summary>
public sealed class DashboardCache(IMemoryCache cache, RegistrationDashboard dashboard)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private static readonly object Key = new();

    public async Task<DashboardFigures> GetAsync(CancellationToken cancellationToken = default) =>
        (await cache.GetOrCreateAsync(Key, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            return dashboard.LoadAsync(cancellationToken);
        }))!;
}
