using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OnshiPortal.Infrastructure.Data;

/// <summary>
/// One prepared INSERT on SQLite's own API, bound by position: for the bulk loads only. ADO.NET's per-parameter
/// bookkeeping was most of a 250,000-row import's insert time. Values arrive already converted to their provider
/// types by the EF model, and are stored in the formats EF's SQLite provider uses (DateOnly as yyyy-MM-dd text).
/// </summary>
internal sealed class SqliteRowInserter : IDisposable
{
    private readonly sqlite3 connection;
    private readonly sqlite3_stmt statement;

    public SqliteRowInserter(SqliteConnection connection, string sql)
    {
        this.connection = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(this.connection, sql, out statement));
    }

    /// <summary>Inserts one row; <paramref name="values"/> in the statement's parameter order.</summary>
    public void Insert(ReadOnlySpan<object?> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var index = i + 1;
            Check(values[i] switch
            {
                null or DBNull => raw.sqlite3_bind_null(statement, index),
                string text => raw.sqlite3_bind_text(statement, index, text),
                long number => raw.sqlite3_bind_int64(statement, index, number),
                int number => raw.sqlite3_bind_int64(statement, index, number),
                short number => raw.sqlite3_bind_int64(statement, index, number),
                byte number => raw.sqlite3_bind_int64(statement, index, number),
                bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
                double real => raw.sqlite3_bind_double(statement, index, real),
                byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
                DateOnly date => raw.sqlite3_bind_text(statement, index, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                var other => throw new NotSupportedException($"Bulk insert does not bind {other.GetType()}; add it here or use EF."),
            });
        }

        var result = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (result != raw.SQLITE_DONE)
        {
            throw new SqliteException(raw.sqlite3_errmsg(connection).utf8_to_string(), result, raw.sqlite3_extended_errcode(connection));
        }
    }

    public void Dispose() => statement.Dispose();

    private void Check(int result)
    {
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(connection).utf8_to_string(), result, raw.sqlite3_extended_errcode(connection));
        }
    }
}
