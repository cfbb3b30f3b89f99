using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Institutions.Import;

/// <summary>Another <c>institutions import</c> holds the lock: this one changes nothing.</summary>
public sealed class ImportRunningException() : Exception(Text)
{
    public const string Text = "別の医療機関等マスタの取り込みが実行中です。終わってから再実行してください。データベースは変更していません。" +
        " / Another institutions import is running; run this one again when it has finished. Nothing was changed.";
}

/// <summary>
/// One import at a time for the whole portal. Two at once would each compare the file with the master as it was
/// before the other wrote, then both write: revisions recorded twice or against the wrong old value, or a
/// duplicate-key failure halfway. Taken before the import reads the master, held until it has committed, and given
/// back by the database or the OS when the process dies (a killed import never leaves the lock behind).
/// <list type="bullet">
/// <item>PostgreSQL: a session-level advisory lock (<c>pg_try_advisory_lock</c>) on the import's own connection, kept
/// open for the import. It locks no row or table: the web's writes never wait for it. Unlocked explicitly, because
/// pooled connections are not reset on close (<c>No Reset On Close</c>) and would keep a session lock alive.</item>
/// <item>SQLite: an exclusive lock on a file beside the database (<c>onshi.db.import-lock</c>, flock on Linux).
/// SQLite's own write lock would exclude a second import only if held for the whole import, comparison included: the
/// web's logins and sessions would wait for it seconds at a time (a 250,000-row comparison) and time out. The
/// file lock excludes exactly the other imports; the web waits only for the import's write transaction, as
/// before. SQLite lives on one machine's disk, so every process that opens the database sees the same lock file.</item>
/// </list>
/// </summary>
public sealed class ImportLock : IAsyncDisposable
{
    /// <summary>The advisory lock's key on PostgreSQL: "onshimpt" in ASCII, a number no other lock of the portal uses.</summary>
    public const long PostgresKey = 0x6F6E_7368_696D_7074;

    private readonly PortalDbContext? db;
    private readonly FileStream? file;

    private ImportLock(PortalDbContext? db, FileStream? file)
    {
        this.db = db;
        this.file = file;
    }

    /// <summary>The lock, or null when another import holds it. Never waits.</summary>
    public static async Task<ImportLock?> TryTakeAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            var taken = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_lock({PostgresKey}) AS \"Value\"").SingleAsync(cancellationToken);
            if (taken)
            {
                return new ImportLock(db, null);
            }

            await db.Database.CloseConnectionAsync();
            return null;
        }

        var path = LockFileOf(db.Database.GetConnectionString());
        if (path is null)
        {
            return new ImportLock(null, null); // an in-memory database: no other process can reach it
        }

        try
        {
            // FileShare.None takes an exclusive, non-blocking flock: a second holder, in this process or another, fails.
            return new ImportLock(null, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The SQLite database's lock file, or null for an in-memory database.</summary>
    public static string? LockFileOf(string? connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:")
        {
            return null;
        }

        return Path.GetFullPath(builder.DataSource) + ".import-lock";
    }

    public async ValueTask DisposeAsync()
    {
        if (file is not null)
        {
            await file.DisposeAsync();
        }

        if (db is not null)
        {
            try
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({PostgresKey})");
            }
            catch (System.Data.Common.DbException)
            {
                // The connection is gone, and with it the session and its lock.
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
