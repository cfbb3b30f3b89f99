using Microsoft.Extensions.Options;
using OnshiPortal.Features.Demo;

namespace OnshiPortal.Infrastructure.Data;

/// <summary>
/// Before the web server takes its first request: the schema is migrated (only for the embedded SQLite default,
/// or when told to) and an empty database gets demo data (when configured). A hosted service rather than code in
/// Program.cs, so that the test host runs exactly this too.
/// </summary>
public sealed class DatabaseStartup(IServiceProvider services) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var options = scope.ServiceProvider.GetRequiredService<DatabaseOptions>();
        if (options.ShouldMigrateOnStart)
        {
            await scope.ServiceProvider.GetRequiredService<PortalDbContext>().MigrateAsync(cancellationToken);
        }

        if (scope.ServiceProvider.GetRequiredService<IOptions<DemoOptions>>().Value.Seed)
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(Console.Out);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
