using System.Data.Common;

namespace OnshiPortal.Infrastructure.Data;

/// <summary>Telling a database that is away (a restart, a fail-over, a server not up yet) from a request that is wrong.</summary>
public static class DatabaseErrors
{
    /// <summary>
    /// The database is unreachable, not the request wrong: a failure its driver calls transient (the server
    /// unreachable, a connection broken or timed out, SQLite busy), a connection exception (SQLSTATE class 08) or an
    /// operator's intervention (57P: the server shutting down or starting up), anywhere in the exception's chain:
    /// EF wraps some of them.
    /// </summary>
    public static bool IsUnavailable(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is DbException database
                && (database.IsTransient || database.SqlState is { } state && (state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A row refused by a unique index: another node or request inserted the same row first. SQLite's constraint
    /// error 19 (extended 2067 for UNIQUE, 1555 for a primary key) and PostgreSQL's SQLSTATE 23505, anywhere in the chain.
    /// </summary>
    public static bool IsUniqueViolation(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 2067 or 1555 } || e is DbException { SqlState: "23505" })
            {
                return true;
            }
        }

        return false;
    }
}
