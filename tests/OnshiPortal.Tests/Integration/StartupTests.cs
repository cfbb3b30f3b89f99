using System.Net;
using Microsoft.EntityFrameworkCore;
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
}

public sealed class StartupTestsOnSqlite : StartupTests
{
    protected override TestDatabase CreateEmptyDatabase() => new SqliteTestDatabase(migrate: false);
}

public sealed class StartupTestsOnPostgres : StartupTests
{
    protected override TestDatabase CreateEmptyDatabase() => new PostgresTestDatabase(migrate: false);
}
