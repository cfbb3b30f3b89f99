using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OnshiPortal.Features.Activation;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// A database of its own for one test class, on SQLite (a temporary file) or on the PostgreSQL server that the
/// test command started (<c>ONSHI_TEST_POSTGRES</c>). Every data test runs on both.
/// </summary>
public abstract class TestDatabase(bool migrate, bool withKeys = true) : IAsyncLifetime
{
    /// <summary>False for a test of the application's own start-up migration.</summary>
    protected bool Migrate => migrate;

    public abstract DatabaseProvider Provider { get; }

    public string ConnectionString { get; protected set; } = string.Empty;

    public PortalDbContext CreateContext() => Provider switch
    {
        DatabaseProvider.Sqlite => new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(ConnectionString).Options),
        _ => new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(ConnectionString).Options),
    };

    public abstract ValueTask InitializeAsync();

    public abstract ValueTask DisposeAsync();

    /// <summary>
    /// A migrated copy holds the keys `onshi db migrate` made in the template (<see cref="MigratedTemplates"/>); a test
    /// of how those keys are made (<c>withKeys: false</c>) gets the key tables empty, as before any node or `db migrate`.
    /// </summary>
    protected async Task RemoveKeysUnlessWantedAsync()
    {
        if (withKeys)
        {
            return;
        }

        await using var db = CreateContext();
        await db.Set<DataProtectionKey>().ExecuteDeleteAsync();
        await db.Set<StoredCredentialKeys>().ExecuteDeleteAsync();
    }
}

/// <summary>The run's migrated template while <see cref="MigratedTemplates"/> makes its keys (no copy, nothing to remove).</summary>
internal sealed class TemplateDatabase(DatabaseProvider provider, string connectionString) : TestDatabase(migrate: true)
{
    public override DatabaseProvider Provider => provider;

    public override ValueTask InitializeAsync()
    {
        ConnectionString = connectionString;
        return ValueTask.CompletedTask;
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

public sealed class SqliteTestDatabase(bool migrate = true, bool withKeys = true) : TestDatabase(migrate, withKeys)
{
    private readonly string folder = Directory.CreateTempSubdirectory("onshi-test-").FullName;

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override async ValueTask InitializeAsync()
    {
        var path = Path.Combine(folder, "portal.db");
        ConnectionString = $"Data Source={path};Default Timeout=30";
        if (Migrate)
        {
            // A copy of the run's migrated file (MigratedTemplates), not the migrations run again.
            await MigratedTemplates.CopySqliteAsync(path);
            await RemoveKeysUnlessWantedAsync();
        }
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a finishing host is left to the OS's temp clean-up.
        }

        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}

public sealed class PostgresTestDatabase(bool migrate = true, bool withKeys = true) : TestDatabase(migrate, withKeys)
{
    public const string Variable = "ONSHI_TEST_POSTGRES";

    private string? serverConnectionString;
    private string? name;

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override async ValueTask InitializeAsync()
    {
        serverConnectionString = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(serverConnectionString))
        {
            // Under CI the PostgreSQL tests must run: a missing server is a failure, not a skip.
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"CI=true but {Variable} is not set: run the tests with tests/run.sh, which starts PostgreSQL.");
            }

            return;
        }

        name = "onshi_test_" + Guid.NewGuid().ToString("N")[..16];
        if (Migrate)
        {
            // A copy of the run's migrated database (MigratedTemplates), not the migrations run again.
            await MigratedTemplates.CreatePostgresAsync(serverConnectionString, name);
        }
        else
        {
            await using var server = new NpgsqlConnection(serverConnectionString);
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", server);
            await create.ExecuteNonQueryAsync();
        }

        // Npgsql reads the server's types on a data source's first connection (pg_type and friends, 30–130 ms of the
        // server's time in a new database's first backend, then the client's mapping of them): once for every app of
        // every test, since each test has its own database. The portal uses no type of an extension, so a migrated copy
        // is reached with the built-in types only (a class of 14 tests: 12% less CPU, 15% less wall). An empty database
        // (StartupTests: the app migrates it on start, as deployed) keeps the loading the deployed portal does.
        // (The keyword, because the builder's property is marked obsolete for the data-source builder's type-loading
        // options, which the app's own data source would have to expose to the tests.)
        var connection = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name };
        if (Migrate)
        {
            connection["Server Compatibility Mode"] = "NoTypeLoading";
        }

        ConnectionString = connection.ToString();
        if (Migrate)
        {
            await RemoveKeysUnlessWantedAsync();
        }
    }

    /// <summary>Skips the calling test where no server was given (only outside CI; under CI the fixture fails).</summary>
    public void RequireServer() => Assert.SkipWhen(name is null, $"{Variable} is not set: PostgreSQL tests run through tests/run.sh.");

    public override async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (name is null || serverConnectionString is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(serverConnectionString);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }
}
