using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Demo;
using OnshiPortal.Infrastructure.Files;

namespace OnshiPortal.Infrastructure.Data;

/// <summary>
/// Before the web server takes its first request: the schema is migrated (only for the embedded SQLite default,
/// or when told to) and an empty database gets demo data (when configured). A hosted service rather than code in
/// Program.cs, so that the test host runs exactly this too.
/// <para>
/// A node that does not migrate refuses to start on a schema older than its build: it would fail request after
/// request instead. Several nodes starting together must not race to migrate, so PostgreSQL waits for
/// <c>onshi db migrate</c>, the deployment step. A schema newer than the build (a rolling upgrade) is accepted.
/// A node that cannot reach its database at all refuses to start as well, with one line that says so.
/// </para>
/// </summary>
public sealed class DatabaseStartup(IServiceProvider services, ILogger<DatabaseStartup> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await PrepareAsync(cancellationToken);
        }
        catch (Exception e) when (DatabaseErrors.IsUnavailable(e))
        {
            // Not a bug: the operator needs one line that says what is wrong, ahead of the host's stack trace. The node
            // ends; systemd starts it again every few seconds (Restart=always) and it serves once the database is up.
            var message = $"The database cannot be reached ({e.GetBaseException().Message}); not starting. Check that PostgreSQL is up and ConnectionStrings:Portal.";
            logger.LogCritical("{Message}", message);
            throw new InvalidOperationException(message, e);
        }
    }

    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var options = scope.ServiceProvider.GetRequiredService<DatabaseOptions>();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (options.ShouldMigrateOnStart)
        {
            // This node is its own deployment step: the schema, and the key ring as `db migrate` leaves it.
            await db.MigrateIfBehindAsync(cancellationToken);
            var keys = await DataProtectionKeyRing.PrepareAsync(scope.ServiceProvider, cancellationToken);
            if (keys.PlaintextKeysRemoved > 0)
            {
                logger.LogWarning("Removed {Count} data-protection key(s) stored before key encryption was configured; sessions they signed have ended.", keys.PlaintextKeysRemoved);
            }

            foreach (var moved in await LegacyFiles.ImportAllAsync(scope.ServiceProvider, cancellationToken))
            {
                logger.LogInformation("Moved {Moved} file(s) of {What} from disk into the database; {Missing} not found", moved.Moved, moved.What, moved.Missing);
            }
        }
        else
        {
            await RefuseAnOldSchemaAsync(db, cancellationToken);
        }

        // The temporary-credential key is read (or made, once) now, outside any transaction: made lazily inside one
        // (issuing in a batch) its insert would wait on SQLite for the very write lock its caller holds.
        try
        {
            scope.ServiceProvider.GetRequiredService<CredentialKeyRing>().EnsureLoaded();
        }
        catch (InvalidOperationException e) when (!DatabaseErrors.IsUnavailable(e))
        {
            // A stored key the certificate cannot decrypt (or a bad key file): temporary logins and letters fail, each
            // loudly with this reason, but accounts can still log in; the node serves rather than refusing to start.
            logger.LogCritical(e, "The temporary-credential keys cannot be loaded; temporary logins will fail until this is fixed");
        }

        if (scope.ServiceProvider.GetRequiredService<IOptions<DemoOptions>>().Value.Seed)
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(Console.Out);
        }
    }

    private async Task RefuseAnOldSchemaAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var pending = await db.PendingMigrationsAsync(cancellationToken);
        if (pending.Count == 0)
        {
            return;
        }

        var message = $"The database schema is behind this build ({pending.Count} migration(s) not applied: {string.Join(", ", pending)}). " +
            "Run `onshi db migrate` (the deployment step), or set Database:MigrateOnStart=true on one node only; not starting.";
        logger.LogCritical("{Message}", message);
        throw new InvalidOperationException(message);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
