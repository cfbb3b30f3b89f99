using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace OnshiPortal.Infrastructure.Data;

/// <summary>
/// Writes many rows of one entity type inside the context's current transaction, without change tracking.
/// </summary>
/// <remarks>
/// The national master has about 250,000 rows; EF Core's change tracker spends most of an import's time on
/// bookkeeping it does not need here. This writer stays provider-neutral by taking table, column names and
/// value conversions from the EF model: the same code writes SQLite and PostgreSQL. On PostgreSQL inserts go as one
/// binary COPY; SQLite is in-process, has no round trip to save, and takes one-row statements bound by position
/// through its own API (<see cref="SqliteRowInserter"/>). Other providers get multi-row VALUES statements.
/// Updates are one prepared statement per row.
/// </remarks>
internal sealed class BulkWriter<T>
    where T : class
{
    private const int MaxParametersPerStatement = 4000;

    private readonly PortalDbContext db;
    private readonly string table;
    private readonly IProperty[] insertColumns;
    private readonly IProperty[] keyColumns;
    private readonly ISqlGenerationHelper sql;
    private readonly Dictionary<IProperty, (IClrPropertyGetter Getter, Func<object?, object?>? ToProvider)> accessors;

    /// <summary>The accessors of <see cref="insertColumns"/>, by position: no lookup per value in the bulk loads.</summary>
    private readonly (IClrPropertyGetter Getter, Func<object?, object?>? ToProvider)[] insertAccessors;

    public BulkWriter(PortalDbContext db)
    {
        this.db = db;
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T)} is not mapped.");
        sql = db.GetService<ISqlGenerationHelper>();
        table = sql.DelimitIdentifier(entityType.GetTableName()!, entityType.GetSchema());
        // Neither the keys the database numbers nor the columns it computes (Institution.DashboardSteps).
        insertColumns = [.. entityType.GetProperties().Where(p => p.ValueGenerated is not (ValueGenerated.OnAdd or ValueGenerated.OnAddOrUpdate))];
        keyColumns = [.. entityType.FindPrimaryKey()!.Properties];
        accessors = entityType.GetProperties().ToDictionary(p => p, p => (p.GetGetter(), p.GetTypeMapping().Converter?.ConvertToProvider));
        insertAccessors = [.. insertColumns.Select(c => accessors[c])];
    }

    public async Task InsertAsync(IEnumerable<T> rows, Action<int>? progress, CancellationToken cancellationToken)
    {
        if (db.Database.GetDbConnection() is SqliteConnection sqlite)
        {
            InsertOnSqlite(sqlite, rows, progress, cancellationToken);
            return;
        }

        if (db.Database.GetDbConnection() is NpgsqlConnection postgres)
        {
            await CopyOnPostgresAsync(postgres, rows, progress, cancellationToken);
            return;
        }

        var rowsPerStatement = Math.Max(1, MaxParametersPerStatement / insertColumns.Length);
        await using var full = CreateInsert(rowsPerStatement);
        await full.PrepareAsync(cancellationToken);
        var written = 0;
        var inBatch = 0;
        foreach (var row in rows)
        {
            SetValues(full, inBatch * insertColumns.Length, insertColumns, row);
            if (++inBatch < rowsPerStatement)
            {
                continue;
            }

            await full.ExecuteNonQueryAsync(cancellationToken);
            written += inBatch;
            inBatch = 0;
            if (written % 5000 < rowsPerStatement)
            {
                progress?.Invoke(written);
            }
        }

        if (inBatch > 0)
        {
            // The last, shorter batch: its own statement, with the values already gathered.
            await using var rest = CreateInsert(inBatch);
            for (var p = 0; p < inBatch * insertColumns.Length; p++)
            {
                rest.Parameters[p].Value = full.Parameters[p].Value;
            }

            await rest.ExecuteNonQueryAsync(cancellationToken);
            written += inBatch;
        }

        progress?.Invoke(written);
    }

    private void InsertOnSqlite(SqliteConnection connection, IEnumerable<T> rows, Action<int>? progress, CancellationToken cancellationToken)
    {
        var text = new StringBuilder($"INSERT INTO {table} (");
        text.AppendJoin(", ", insertColumns.Select(Column));
        text.Append(") VALUES (").AppendJoin(", ", insertColumns.Select(_ => "?")).Append(')');
        using var inserter = new SqliteRowInserter(connection, text.ToString());
        var values = new object?[insertColumns.Length];
        var written = 0;
        foreach (var row in rows)
        {
            for (var c = 0; c < insertColumns.Length; c++)
            {
                values[c] = InsertValue(c, row);
            }

            inserter.Insert(values);
            if (++written % 5000 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Invoke(written);
            }
        }

        progress?.Invoke(written);
    }

    /// <summary>
    /// PostgreSQL's COPY in its binary format: the rows stream to the server in one command, no statement to parse or
    /// plan per batch, values in their binary form. Inside the import's transaction like any insert: a refused row
    /// (a duplicate key, a value too long) fails the COPY, and the transaction with it.
    /// </summary>
    private async Task CopyOnPostgresAsync(NpgsqlConnection connection, IEnumerable<T> rows, Action<int>? progress, CancellationToken cancellationToken)
    {
        var types = insertColumns.Select(PostgresType).ToArray();
        var text = new StringBuilder($"COPY {table} (");
        text.AppendJoin(", ", insertColumns.Select(Column));
        text.Append(") FROM STDIN (FORMAT BINARY)");
        var written = 0;
        await using (var copy = await connection.BeginBinaryImportAsync(text.ToString(), cancellationToken))
        {
            // The synchronous writes: each value goes into the importer's buffer, which is sent when full; an
            // awaited write per value was most of the COPY's time.
            foreach (var row in rows)
            {
                copy.StartRow();
                for (var c = 0; c < insertColumns.Length; c++)
                {
                    Write(copy, InsertValue(c, row), types[c]);
                }

                if (++written % 5000 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress?.Invoke(written);
                }
            }

            await copy.CompleteAsync(cancellationToken);
        }

        progress?.Invoke(written);
    }

    /// <summary>One value, through the importer's writer for its own type (no per-value type lookup).</summary>
    private static void Write(NpgsqlBinaryImporter copy, object? value, NpgsqlDbType type)
    {
        switch (value)
        {
            case null or DBNull: copy.WriteNull(); break;
            case string text: copy.Write(text, type); break;
            case int number: copy.Write(number, type); break;
            case long number: copy.Write(number, type); break;
            case short number: copy.Write(number, type); break;
            case bool flag: copy.Write(flag, type); break;
            case DateOnly date: copy.Write(date, type); break;
            case DateTimeOffset moment: copy.Write(moment, type); break;
            case DateTime moment: copy.Write(moment, type); break;
            case double real: copy.Write(real, type); break;
            case decimal number: copy.Write(number, type); break;
            case byte[] bytes: copy.Write(bytes, type); break;
            case Guid id: copy.Write(id, type); break;
            default: throw new NotSupportedException($"COPY does not write {value.GetType()}; add it here.");
        }
    }

    /// <summary>The column's PostgreSQL type for COPY, from the model's type mapping (COPY checks none: it must be exact).</summary>
    private static NpgsqlDbType PostgresType(IProperty column)
    {
        var storeType = column.GetRelationalTypeMapping().StoreType;
        var baseType = storeType.Split('(')[0].Trim();
        return baseType switch
        {
            "text" or "character varying" or "varchar" => NpgsqlDbType.Varchar,
            "integer" or "int" or "int4" => NpgsqlDbType.Integer,
            "bigint" or "int8" => NpgsqlDbType.Bigint,
            "smallint" or "int2" => NpgsqlDbType.Smallint,
            "boolean" or "bool" => NpgsqlDbType.Boolean,
            "date" => NpgsqlDbType.Date,
            "timestamp with time zone" or "timestamptz" => NpgsqlDbType.TimestampTz,
            "timestamp without time zone" or "timestamp" => NpgsqlDbType.Timestamp,
            "double precision" => NpgsqlDbType.Double,
            "numeric" => NpgsqlDbType.Numeric,
            "bytea" => NpgsqlDbType.Bytea,
            "uuid" => NpgsqlDbType.Uuid,
            _ => throw new NotSupportedException($"COPY does not write {storeType} ({column.Name}); add it here."),
        };
    }

    /// <summary>
    /// For a large first load on SQLite: drops the table's secondary indexes, to be built again by
    /// <see cref="RestoreIndexesAsync"/> once the rows are in. Building an index over sorted rows is several times
    /// faster than growing it one random key at a time. Inside the import's transaction (SQLite's schema changes
    /// are transactional), so a failed import leaves the indexes as they were. Elsewhere it does nothing.
    /// </summary>
    public async Task<IReadOnlyList<string>> DropIndexesForLoadAsync(CancellationToken cancellationToken)
    {
        var entityType = db.Model.FindEntityType(typeof(T))!;
        if (db.Database.IsNpgsql())
        {
            // Every index but the constraints' (the primary key): PostgreSQL's DDL is transactional too. The caller
            // does this only into an empty table, whose readers lose nothing while the import holds its lock.
            const string Indexes = "FROM pg_indexes i WHERE i.schemaname = current_schema() AND i.tablename = {0} " +
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)";
            var made = await db.Database.SqlQueryRaw<string>("SELECT i.indexdef AS \"Value\" " + Indexes, entityType.GetTableName()!).ToListAsync(cancellationToken);
            var dropped = await db.Database.SqlQueryRaw<string>("SELECT i.indexname AS \"Value\" " + Indexes, entityType.GetTableName()!).ToListAsync(cancellationToken);
            foreach (var name in dropped)
            {
                var drop = "DROP INDEX " + sql.DelimitIdentifier(name); // a name read from the schema, not input
                await db.Database.ExecuteSqlRawAsync(drop, cancellationToken);
            }

            return made;
        }

        if (!db.Database.IsSqlite())
        {
            return [];
        }

        var definitions = await db.Database
            .SqlQueryRaw<string>("SELECT sql AS \"Value\" FROM sqlite_master WHERE type = 'index' AND tbl_name = {0} AND sql IS NOT NULL", entityType.GetTableName()!)
            .ToListAsync(cancellationToken);
        var names = await db.Database
            .SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'index' AND tbl_name = {0} AND sql IS NOT NULL", entityType.GetTableName()!)
            .ToListAsync(cancellationToken);
        foreach (var name in names)
        {
            var drop = "DROP INDEX " + sql.DelimitIdentifier(name); // a name read from the schema, not input
            await db.Database.ExecuteSqlRawAsync(drop, cancellationToken);
        }

        return definitions;
    }

    public async Task RestoreIndexesAsync(IReadOnlyList<string> definitions, CancellationToken cancellationToken)
    {
        foreach (var definition in definitions)
        {
            await db.Database.ExecuteSqlRawAsync(definition, cancellationToken);
        }
    }

    /// <summary>Updates the given columns of each row, found by its primary key.</summary>
    public async Task UpdateAsync(IReadOnlyList<T> rows, IReadOnlyList<string> propertyNames, Action<int>? progress, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var entityType = db.Model.FindEntityType(typeof(T))!;
        var setColumns = propertyNames.Select(n => entityType.FindProperty(n) ?? throw new ArgumentException(n)).ToArray();
        await using var command = NewCommand();
        var text = new StringBuilder($"UPDATE {table} SET ");
        var all = setColumns.Concat(keyColumns).ToArray();
        for (var i = 0; i < all.Length; i++)
        {
            AddParameter(command, all[i], $"@u{i}");
        }

        text.AppendJoin(", ", setColumns.Select((c, i) => $"{Column(c)} = @u{i}"));
        text.Append(" WHERE ");
        text.AppendJoin(" AND ", keyColumns.Select((c, i) => $"{Column(c)} = @u{setColumns.Length + i}"));
        command.CommandText = text.ToString();
        await command.PrepareAsync(cancellationToken);

        for (var r = 0; r < rows.Count; r++)
        {
            SetValues(command, 0, all, rows[r]);

            await command.ExecuteNonQueryAsync(cancellationToken);
            if (r % 1000 == 999)
            {
                progress?.Invoke(r + 1);
            }
        }

        progress?.Invoke(rows.Count);
    }

    /// <summary>
    /// Updates the given columns of each row, found by its primary key and its integer concurrency token, which the
    /// caller has already raised by one: the row must still hold the value before (what SaveChanges checks for a
    /// concurrency token). One prepared statement, reused for every row.
    /// </summary>
    /// <exception cref="DbUpdateConcurrencyException">A row was changed or deleted by someone else since it was read.</exception>
    public async Task UpdateVersionedAsync(IReadOnlyList<T> rows, IReadOnlyList<string> propertyNames, string versionName, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var entityType = db.Model.FindEntityType(typeof(T))!;
        var version = entityType.FindProperty(versionName) ?? throw new ArgumentException(versionName);
        var setColumns = propertyNames.Select(n => entityType.FindProperty(n) ?? throw new ArgumentException(n)).Append(version).ToArray();
        var all = setColumns.Concat(keyColumns).ToArray();
        await using var command = NewCommand();
        for (var i = 0; i < all.Length; i++)
        {
            AddParameter(command, all[i], $"@u{i}");
        }

        var previous = command.CreateParameter();
        previous.ParameterName = "@previous";
        command.Parameters.Add(previous);
        var text = new StringBuilder($"UPDATE {table} SET ");
        text.AppendJoin(", ", setColumns.Select((c, i) => $"{Column(c)} = @u{i}"));
        text.Append(" WHERE ");
        text.AppendJoin(" AND ", keyColumns.Select((c, i) => $"{Column(c)} = @u{setColumns.Length + i}"));
        text.Append($" AND {Column(version)} = @previous");
        command.CommandText = text.ToString();
        var getter = accessors[version].Getter;
        var connection = db.Database.GetDbConnection();
        if (connection.CanCreateBatch)
        {
            // A server database (PostgreSQL): a few hundred statements a round trip, each row's count checked.
            foreach (var chunk in rows.Chunk(500))
            {
                await using var batch = connection.CreateBatch();
                batch.Transaction = command.Transaction;
                foreach (var row in chunk)
                {
                    var statement = batch.CreateBatchCommand();
                    statement.CommandText = command.CommandText;
                    for (var i = 0; i < all.Length; i++)
                    {
                        var parameter = (DbParameter)((ICloneable)command.Parameters[i]).Clone();
                        parameter.Value = ProviderValue(all[i], row) ?? DBNull.Value;
                        statement.Parameters.Add(parameter);
                    }

                    var before = statement.CreateParameter();
                    before.ParameterName = "@previous";
                    before.Value = (int)getter.GetClrValue(row)! - 1;
                    statement.Parameters.Add(before);
                    batch.BatchCommands.Add(statement);
                }

                await batch.ExecuteNonQueryAsync(cancellationToken);
                if (batch.BatchCommands.Any(c => c.RecordsAffected != 1))
                {
                    throw Conflict();
                }
            }

            return;
        }

        // SQLite is in-process: no round trip to save, one prepared statement reused.
        await command.PrepareAsync(cancellationToken);
        foreach (var row in rows)
        {
            SetValues(command, 0, all, row);
            previous.Value = (int)getter.GetClrValue(row)! - 1;
            if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                throw Conflict();
            }
        }
    }

    private static DbUpdateConcurrencyException Conflict() =>
        new($"A {typeof(T).Name} was changed by someone else since it was read.");

    private DbCommand CreateInsert(int rowCount)
    {
        var command = NewCommand();
        var text = new StringBuilder($"INSERT INTO {table} (");
        text.AppendJoin(", ", insertColumns.Select(Column));
        text.Append(") VALUES ");
        var p = 0;
        for (var r = 0; r < rowCount; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < insertColumns.Length; c++)
            {
                var name = $"@p{p++}";
                text.Append(c == 0 ? name : ", " + name);
                AddParameter(command, insertColumns[c], name);
            }

            text.Append(')');
        }

        command.CommandText = text.ToString();
        return command;
    }

    private DbCommand NewCommand()
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk writes run inside the import's transaction.");
        return command;
    }

    private string Column(IProperty property) => sql.DelimitIdentifier(property.GetColumnName());

    private static void AddParameter(DbCommand command, IProperty property, string name)
    {
        // The type mapping sets the provider's parameter type (timestamptz, date, text, ...); values come later.
        var parameter = property.GetRelationalTypeMapping().CreateParameter(command, name, null, nullable: true);
        command.Parameters.Add(parameter);
    }

    /// <summary>Reads the row's values through the model's getters and converters (enums, dates, ...).</summary>
    private void SetValues(DbCommand command, int offset, IProperty[] columns, T row)
    {
        var parameters = command.Parameters;
        for (var c = 0; c < columns.Length; c++)
        {
            parameters[offset + c].Value = ProviderValue(columns[c], row) ?? DBNull.Value;
        }
    }

    private object? InsertValue(int column, T row) => ValueOf(insertAccessors[column], row);

    private object? ProviderValue(IProperty column, T row) => ValueOf(accessors[column], row);

    /// <summary>The row's value of a column as the provider stores it (through the model's converter, if any).</summary>
    private static object? ValueOf((IClrPropertyGetter Getter, Func<object?, object?>? ToProvider) accessor, T row)
    {
        var value = accessor.Getter.GetClrValue(row);
        return accessor.ToProvider is not null && value is not null ? accessor.ToProvider(value) : value;
    }
}
