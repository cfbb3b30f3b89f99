using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace OnshiPortal.Infrastructure.Data;

/// <summary>
/// Writes many rows of one entity type inside the context's current transaction, without change tracking.
/// </summary>
/// <remarks>
/// The national master has about 250,000 rows; EF Core's change tracker spends most of an import's time on
/// bookkeeping it does not need here. This writer stays provider-neutral by taking table, column names and
/// value conversions from the EF model: the same code writes SQLite and PostgreSQL. Inserts go as multi-row
/// VALUES statements (a few hundred rows a round trip); updates as one prepared statement per row.
/// </remarks>
internal sealed class BulkWriter<T>
    where T : class
{
    private const int MaxParametersPerStatement = 8000;

    private readonly PortalDbContext db;
    private readonly string table;
    private readonly IProperty[] insertColumns;
    private readonly IProperty[] keyColumns;
    private readonly ISqlGenerationHelper sql;

    public BulkWriter(PortalDbContext db)
    {
        this.db = db;
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T)} is not mapped.");
        sql = db.GetService<ISqlGenerationHelper>();
        table = sql.DelimitIdentifier(entityType.GetTableName()!, entityType.GetSchema());
        insertColumns = [.. entityType.GetProperties().Where(p => p.ValueGenerated != ValueGenerated.OnAdd)];
        keyColumns = [.. entityType.FindPrimaryKey()!.Properties];
    }

    public async Task InsertAsync(IReadOnlyList<T> rows, Action<int>? progress, CancellationToken cancellationToken)
    {
        var rowsPerStatement = Math.Max(1, MaxParametersPerStatement / insertColumns.Length);
        DbCommand? full = null;
        try
        {
            for (var start = 0; start < rows.Count; start += rowsPerStatement)
            {
                var count = Math.Min(rowsPerStatement, rows.Count - start);
                var command = count == rowsPerStatement ? full ??= CreateInsert(count) : CreateInsert(count);
                var p = 0;
                for (var r = 0; r < count; r++)
                {
                    var row = rows[start + r];
                    foreach (var column in insertColumns)
                    {
                        command.Parameters[p++].Value = ProviderValue(column, row);
                    }
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
                if (command != full)
                {
                    await command.DisposeAsync();
                }

                progress?.Invoke(start + count);
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
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
            for (var i = 0; i < all.Length; i++)
            {
                command.Parameters[i].Value = ProviderValue(all[i], rows[r]);
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
            if (r % 1000 == 999)
            {
                progress?.Invoke(r + 1);
            }
        }

        progress?.Invoke(rows.Count);
    }

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

    private static object ProviderValue(IProperty property, T row)
    {
        var value = property.GetGetter().GetClrValue(row);
        var converter = property.GetTypeMapping().Converter;
        if (converter is not null && value is not null)
        {
            value = converter.ConvertToProvider(value);
        }

        return value ?? DBNull.Value;
    }
}
