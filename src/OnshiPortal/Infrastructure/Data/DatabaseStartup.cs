using Microsoft.Extensions.Options;
using OnshiPortal.Features.Demo;

namespace OnshiPortal.Infrastructure.Data;

public static class DatabaseStartup
{
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var options = scope.ServiceProvider.GetRequiredService<DatabaseOptions>();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (options.ShouldMigrateOnStart)
        {
            await db.MigrateAsync();
        }

        if (scope.ServiceProvider.GetRequiredService<IOptions<DemoOptions>>().Value.Seed)
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(Console.Out);
        }
    }
}
