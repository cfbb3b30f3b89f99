using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OnshiPortal.Infrastructure.Data;

[assembly: AssemblyFixture(typeof(OnshiPortal.Tests.Support.MigratedTemplates))]

namespace OnshiPortal.Tests.Support;

/// <summary>
/// One migrated database of each kind per test run, which every migrated <see cref="TestDatabase"/> is a copy of: the
/// SQLite file copied, the PostgreSQL database created with <c>CREATE DATABASE ... TEMPLATE</c>. Running the 37
/// migrations took about a second on SQLite and two on PostgreSQL, and some 380 tests each ran them for a database of
/// their own; a copy takes milliseconds and holds exactly what the migrations made (the same file, the same catalog).
/// Each holds the keys `onshi db migrate` makes (<see cref="MakeKeysAsync"/>). Made at the first test that needs one;
/// removed when the run ends (an assembly fixture).
/// </summary>
public sealed class MigratedTemplates : IAsyncDisposable
{
    private static readonly Lazy<Task<string>> SqliteFile = new(MakeSqliteAsync);
    private static readonly Lazy<Task<string>> PostgresName = new(MakePostgresAsync);

    /// <summary>Copies the migrated SQLite file (in WAL mode, checkpointed, as a migrated file is left) to <paramref name="path"/>.</summary>
    public static async Task CopySqliteAsync(string path) => File.Copy(await SqliteFile.Value, path);

    /// <summary>Creates database <paramref name="name"/> on the server as a copy of the migrated one.</summary>
    public static async Task CreatePostgresAsync(string serverConnectionString, string name)
    {
        var template = await PostgresName.Value;
        await using var server = new NpgsqlConnection(serverConnectionString);
        await server.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE {template}{CreateStrategy}", server);
        await create.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// <c>STRATEGY FILE_COPY</c> when tests/run.sh started the server with its data in memory and says so
    /// (ONSHI_TEST_PG_FILE_COPY=1): the template's files copied as files, with a checkpoint before and after, took half
    /// the server's CPU of the default WAL_LOG (pages written through the write-ahead log) for a create and drop there
    /// (docs/benchmarks.md, "Test suite"). On a server whose checkpoints reach a disk, those checkpoints cost more than
    /// they save, so any other server keeps the default.
    /// </summary>
    private static string CreateStrategy =>
        Environment.GetEnvironmentVariable("ONSHI_TEST_PG_FILE_COPY") == "1" ? " STRATEGY FILE_COPY" : string.Empty;

    private static async Task<string> MakeSqliteAsync()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("onshi-test-template-").FullName, "portal.db");

        // No pooling: the last connection's close checkpoints the WAL into the file and removes it, so that the file
        // alone is the whole database.
        var options = new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options;
        await using (var db = new SqlitePortalDbContext(options))
        {
            await db.MigrateAsync();
        }

        await MakeKeysAsync(new TemplateDatabase(DatabaseProvider.Sqlite, $"Data Source={path};Pooling=False"));
        return path;
    }

    private static async Task<string> MakePostgresAsync()
    {
        var serverConnectionString = Environment.GetEnvironmentVariable(PostgresTestDatabase.Variable)
            ?? throw new InvalidOperationException($"{PostgresTestDatabase.Variable} is not set.");
        var name = "onshi_template_" + Guid.NewGuid().ToString("N")[..16];
        await using (var server = new NpgsqlConnection(serverConnectionString))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", server);
            await create.ExecuteNonQueryAsync();
        }

        // No pooling: a copy cannot be made while any session is connected to the template.
        var connectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name, Pooling = false }.ToString();
        await using (var db = new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(connectionString).Options))
        {
            await db.MigrateAsync();
        }

        await MakeKeysAsync(new TemplateDatabase(DatabaseProvider.Postgres, connectionString));
        return name;
    }

    /// <summary>
    /// The keys of a deployed database, made once here rather than by every test's app: `onshi db migrate` (the
    /// deployment step) makes the first data-protection key and the temporary-credential key, encrypted with the run's
    /// certificate (<see cref="TestKeyCertificate"/>); each app then reads them, as a node does, instead of making,
    /// encrypting and storing both at its start. The key tests take the tables empty (<c>withKeys: false</c>). Without
    /// pooling, so that no connection is left on the template when it is copied.
    /// </summary>
    private static async Task MakeKeysAsync(TestDatabase template)
    {
        await template.InitializeAsync();
        await using var app = new PortalAppFactory(template);
        var run = await app.RunCommandAsync("db", "migrate");
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"`db migrate` on the template failed: {run.Error}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (SqliteFile.IsValueCreated && SqliteFile.Value.IsCompletedSuccessfully)
        {
            try
            {
                Directory.Delete(Path.GetDirectoryName(SqliteFile.Value.Result)!, recursive: true);
            }
            catch (IOException)
            {
                // left to the OS's temp clean-up
            }
        }

        if (PostgresName.IsValueCreated && PostgresName.Value.IsCompletedSuccessfully
            && Environment.GetEnvironmentVariable(PostgresTestDatabase.Variable) is { Length: > 0 } serverConnectionString)
        {
            await using var server = new NpgsqlConnection(serverConnectionString);
            await server.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {PostgresName.Value.Result} WITH (FORCE)", server);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
