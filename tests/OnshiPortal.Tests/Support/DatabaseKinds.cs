namespace OnshiPortal.Tests.Support;

/// <summary>
/// Base of every data test: each test gets a fresh database of the kind its concrete class names, so the same
/// tests run on SQLite and on PostgreSQL.
/// </summary>
public abstract class DataTest
{
    protected abstract TestDatabase CreateDatabase();

    /// <summary>A migrated, empty database and the app on it. Dispose both (await using).</summary>
    protected async Task<PortalAppFactory> StartAppAsync()
    {
        var database = CreateDatabase();
        await database.InitializeAsync();
        if (database is PostgresTestDatabase postgres)
        {
            postgres.RequireServer();
        }

        return new OwnedPortalApp(database);
    }

    /// <summary>The app that also drops its database when disposed.</summary>
    private sealed class OwnedPortalApp(TestDatabase database) : PortalAppFactoryWithDatabase(database);
}

public class PortalAppFactoryWithDatabase(TestDatabase database) : PortalAppFactory(database)
{
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
