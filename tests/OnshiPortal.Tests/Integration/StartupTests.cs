using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.CommandLine;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Web;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>A fresh machine: an empty database is migrated on start and filled with demo data once.</summary>
public abstract class StartupTests
{
    protected abstract TestDatabase CreateEmptyDatabase();

    [Fact]
    public async Task An_empty_database_is_migrated_and_gets_demo_institutions_and_one_operator_once()
    {
        var database = CreateEmptyDatabase();
        await database.InitializeAsync();
        (database as PostgresTestDatabase)?.RequireServer();
        await using var app = new PortalAppFactoryWithDatabase(database) { StartUpMigrates = true };

        var (home, _) = await new HttpSession(app.CreateBrowserLikeClient()).GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);

        await using var db = database.CreateContext();
        Assert.Equal(300, await db.Institutions.CountAsync());
        Assert.Equal(3, await db.Institutions.Select(i => i.Kind).Distinct().CountAsync());
        Assert.True(await db.Institutions.Select(i => i.Prefecture).Distinct().CountAsync() >= 10);
        Assert.Equal(1, await db.Users.CountAsync());
        Assert.True((await db.Users.SingleAsync()).MustChangePassword);

        // A second start finds data and adds nothing.
        await using var again = new PortalAppFactory(database) { StartUpMigrates = true };
        again.CreateClient();
        Assert.Equal(300, await db.Institutions.CountAsync());
        Assert.Equal(1, await db.Users.CountAsync());
    }

    [Fact]
    public async Task A_node_that_does_not_migrate_refuses_a_schema_behind_its_build_until_db_migrate_ran()
    {
        var database = CreateEmptyDatabase();
        await database.InitializeAsync();
        (database as PostgresTestDatabase)?.RequireServer();
        await using var app = new PortalAppFactoryWithDatabase(database);

        var refused = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("onshi db migrate", Flatten(refused));

        // The deployment step on the same configuration, then the node starts.
        await using var deploy = new PortalAppFactory(database) { StartUpMigrates = false };
        var migrate = await RunMigrateWithoutStartingAsync(database);
        Assert.Equal(0, migrate.ExitCode);
        var (home, _) = await new HttpSession(deploy.CreateBrowserLikeClient()).GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        await using var db = database.CreateContext();
        Assert.Equal(1, await db.Set<Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey>().CountAsync());
    }

    [Fact]
    public async Task The_pending_migrations_are_EFs_own_on_an_empty_a_current_and_a_behind_schema()
    {
        var database = CreateEmptyDatabase();
        await database.InitializeAsync();
        (database as PostgresTestDatabase)?.RequireServer();
        await using var db = database.CreateContext();
        var migrations = db.Database.GetMigrations().ToList();
        async Task PendingAsync(params string[] expected)
        {
            var ours = await db.PendingMigrationsAsync(TestContext.Current.CancellationToken);
            Assert.Equal(expected, ours);
            Assert.Equal(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken), ours);
        }

        await PendingAsync([.. migrations]); // no history table yet
        await db.MigrateAsync(TestContext.Current.CancellationToken);
        await PendingAsync();

        // A build one migration ahead of the database, and one whose middle migration is missing (a merged branch).
        await db.Database.ExecuteSqlRawAsync("""DELETE FROM "__EFMigrationsHistory" WHERE "MigrationId" IN ({0}, {1})""", [migrations[^1], migrations[3]], TestContext.Current.CancellationToken);
        await PendingAsync(migrations[3], migrations[^1]);
    }

    /// <summary>`onshi db migrate` through the real command line, on services that do not start the web host.</summary>
    private static async Task<CommandRun> RunMigrateWithoutStartingAsync(TestDatabase database)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Database:Provider"] = database.Provider.ToString();
        builder.Configuration["ConnectionStrings:Portal"] = database.ConnectionString;
        builder.Configuration[PortalServices.CommandLineMode] = "true";
        builder.Configuration["DataProtection:Certificate:Path"] = TestKeyCertificate.Path;
        builder.AddPortal();
        await using var services = builder.Build();
        var output = new StringWriter();
        var exitCode = await PortalCommandLine.InvokeAsync(services.Services, ["db", "migrate"], output, output);
        return new CommandRun(exitCode, output.ToString(), string.Empty);
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " " + Flatten(e.InnerException);
}

public sealed class StartupTestsOnSqlite : StartupTests
{
    protected override TestDatabase CreateEmptyDatabase() => new SqliteTestDatabase(migrate: false);
}

public sealed class StartupTestsOnPostgres : StartupTests
{
    protected override TestDatabase CreateEmptyDatabase() => new PostgresTestDatabase(migrate: false);
}
