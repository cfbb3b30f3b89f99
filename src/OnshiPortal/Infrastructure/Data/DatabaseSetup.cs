using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Migrations;

namespace OnshiPortal.Infrastructure.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The <c>Database</c> section of the configuration.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public const string DefaultSqlite = "Data Source=data/onshi.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// Apply migrations when the web process starts. Unset means: yes for the embedded SQLite default, no for
    /// PostgreSQL, where <c>onshi db migrate</c> is a deployment step and several nodes must not race.
    /// </summary>
    public bool? MigrateOnStart { get; set; }

    public bool ShouldMigrateOnStart => MigrateOnStart ?? Provider == DatabaseProvider.Sqlite;
}

public static class DatabaseSetup
{
    public static DatabaseOptions AddPortalDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(options);
        var connectionString = configuration.GetConnectionString("Portal");

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                connectionString = PrepareSqlite(string.IsNullOrWhiteSpace(connectionString) ? DatabaseOptions.DefaultSqlite : connectionString);
                services.AddDbContext<PortalDbContext, SqlitePortalDbContext>(o => LogFailuresAsWarnings(o.UseSqlite(connectionString).AddInterceptors(new SqliteTuning())));
                break;
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException("ConnectionStrings:Portal is required when Database:Provider is Postgres.");
                }

                connectionString = PreparePostgres(connectionString);

                // No retrying execution strategy: while the database is away a request fails at once with the error
                // page (503), and the person tries again; retries inside the request would hold it for the sum of
                // their delays and gain nothing in a restart that takes longer than that.
                services.AddDbContext<PortalDbContext, PostgresPortalDbContext>(o => LogFailuresAsWarnings(o.UseNpgsql(connectionString)));
                break;
            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{options.Provider}'.");
        }

        return options;
    }

    /// <summary>
    /// EF logs every failed statement and save at Error, also those the portal expects and settles: a unique key that
    /// decides a race between two nodes or two clicks (SentReminders, SavedDrafts, the registration's PIN, the
    /// campaign jobs). Those are no errors, and a stream of them (a script double-posting) would bury real ones and
    /// wake whoever is paged on errors. They are Warnings; a failure nobody settles still reaches the request's
    /// error handler or the worker's own, which logs it at Error with its exception.
    /// </summary>
    private static DbContextOptionsBuilder LogFailuresAsWarnings(DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(w => w.Log((CoreEventId.SaveChangesFailed, LogLevel.Warning), (RelationalEventId.CommandError, LogLevel.Warning)));

    /// <summary>Seconds to open a connection to PostgreSQL unless the connection string says otherwise (<c>Timeout</c>).</summary>
    public const int PostgresConnectTimeoutSeconds = 5;

    /// <summary>Statements each pooled connection keeps prepared once they have been used a few times (<c>Max Auto Prepare</c>).</summary>
    public const int PostgresAutoPreparedStatements = 50;

    /// <summary>
    /// The portal's defaults for what the connection string leaves unsaid; a setting given there wins.
    /// <list type="bullet">
    /// <item><c>Timeout</c> 5 s: a server that refuses (stopped, restarting) fails a request at once; one that does not
    /// answer at all (a dead host, a network cut) would hold every request for Npgsql's default of 15 s, longer than
    /// a person waits. Five seconds covers a connection inside the data centre many times over. Queries keep
    /// Npgsql's own limit (<c>Command Timeout</c>, 30 s): a stopped server ends them at once, and a shorter limit
    /// could cut the back office's and the command line's longer queries.</item>
    /// <item><c>No Reset On Close</c>: EF opens and closes the connection around each query, so a login returned it
    /// to the pool six times and PostgreSQL ran <c>DISCARD ALL</c> six times. The portal leaves no session state
    /// behind (its only settings are <c>SET LOCAL</c>, which end with their transaction).</item>
    /// <item><c>Max Auto Prepare</c>: the few statements a login runs are parsed and planned once per connection,
    /// not on every login. Together with the above, PostgreSQL's CPU per login fell from about 3 ms to 1–2 ms
    /// (docs/benchmarks.md, "Login load"). Behind PgBouncer in transaction mode set <c>Max Auto Prepare=0</c>.</item>
    /// </list>
    /// </summary>
    public static string PreparePostgres(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Says(params string[] keywords) => keywords.Any(given.ContainsKey);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!Says("Timeout", "Connect Timeout", "Connection Timeout"))
        {
            builder.Timeout = PostgresConnectTimeoutSeconds;
        }

        if (!Says("No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        if (!Says("Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = PostgresAutoPreparedStatements;
        }

        return builder.ToString();
    }

    /// <summary>Makes a relative SQLite path absolute (against the current folder) and creates its folder.</summary>
    private static string PrepareSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is not (":memory:" or "") && builder.Mode != SqliteOpenMode.Memory)
        {
            var path = Path.GetFullPath(builder.DataSource);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }

        // Writers wait for each other instead of failing at once (the web process and the command line share the file).
        builder.DefaultTimeout = Math.Max(builder.DefaultTimeout, 30);
        return builder.ToString();
    }

    /// <summary>
    /// <see cref="MigrateAsync"/> only when the history says a migration is pending. EF's migrate also compares the
    /// model with the last migration's snapshot every time, a tenth of a second of CPU at each start of a node that
    /// migrates on start (and of each of the test suite's hundreds of apps); that no migration was forgotten is proved
    /// once, by the tests (DatabaseModelTests) and by <c>db migrate</c>, not at each start.
    /// </summary>
    public static async Task MigrateIfBehindAsync(this PortalDbContext db, CancellationToken cancellationToken = default)
    {
        if ((await db.PendingMigrationsAsync(cancellationToken)).Count > 0)
        {
            await db.MigrateAsync(cancellationToken);
        }
        else if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    /// <summary>
    /// The build's migrations that the database's history does not list, as EF's <c>GetPendingMigrationsAsync</c> says,
    /// read by one plain query of the history table. EF's own read first builds a model of that table with all of its
    /// conventions: about a quarter of a second of CPU at each command's and node's start (docs/benchmarks.md).
    /// </summary>
    public static async Task<IReadOnlyList<string>> PendingMigrationsAsync(this PortalDbContext db, CancellationToken cancellationToken = default)
    {
        var applied = await AppliedMigrationsAsync(db, cancellationToken);
        return [.. db.Database.GetMigrations().Where(id => !applied.Contains(id))];
    }

    private static async Task<HashSet<string>> AppliedMigrationsAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        const string History = HistoryRepository.DefaultTableName; // the app does not rename it
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            // An empty database has no history yet: everything is pending.
            command.CommandText = db.Database.IsSqlite()
                ? $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{History}'"
                : $"SELECT CASE WHEN to_regclass('\"{History}\"') IS NULL THEN 0 ELSE 1 END";
            if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) == 0)
            {
                return applied;
            }

            command.CommandText = $"""SELECT "MigrationId" FROM "{History}" """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }

            return applied;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Creates or upgrades the schema; for SQLite also switches the file to WAL so readers never block the writer.</summary>
    public static async Task MigrateAsync(this PortalDbContext db, CancellationToken cancellationToken = default)
    {
        // A migration's backfill of the national master (250,000 rows) may take longer than a request's command
        // timeout (30 s), and a deployment step cut off there leaves the schema behind: no timeout but the caller's.
        var timeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(TimeSpan.Zero);
        try
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            db.Database.SetCommandTimeout(timeout);
        }

        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
