using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OnshiPortal.Infrastructure.Data;

/// <summary>
/// Per-connection settings for the embedded SQLite database: the file is memory-mapped and the page cache
/// enlarged, so that a search that must scan the master (a part of a name) reads memory instead of making a
/// system call per page; and commits do not wait for the disk (see below).
/// </summary>
internal sealed class SqliteTuning : DbConnectionInterceptor
{
    // synchronous = NORMAL: in WAL mode a commit no longer waits for the disk, only checkpoints do; the database
    // cannot be corrupted by a crash, at worst the last commits before a power cut are lost (SQLite's own advice for
    // WAL). The embedded default is for one machine; production runs on PostgreSQL.
    private const string Pragmas =
        "PRAGMA mmap_size = 536870912; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY; PRAGMA synchronous = NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
