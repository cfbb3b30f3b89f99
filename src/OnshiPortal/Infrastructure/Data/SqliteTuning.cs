using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OnshiPortal.Infrastructure.Data;

/// <summary>
/// Per-connection settings for the embedded SQLite database: the file is memory-mapped and the page cache
/// enlarged, so that a search that must scan the master (a part of a name) reads memory instead of making a
/// system call per page.
/// </summary>
internal sealed class SqliteTuning : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA mmap_size = 536870912; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;";

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
