using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Tests.Support;
using PostgresModel = OnshiPortal.Infrastructure.Data.CompiledModels.Postgres.PostgresPortalDbContextModel;
using SqliteModel = OnshiPortal.Infrastructure.Data.CompiledModels.Sqlite.SqlitePortalDbContextModel;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// The portal runs on the compiled models (Infrastructure/Data/CompiledModels, `dotnet ef dbcontext optimize`), which
/// EF takes in place of running OnModelCreating. A change to an entity or a configuration without the compiled model
/// regenerated would leave the app reading and writing the old shape: these tests compare the compiled model with
/// the one OnModelCreating builds, in the app's own context and in a context made as the tests make theirs.
/// </summary>
public abstract class CompiledModelTests : DataTest
{
    private const string Regenerate = "the compiled model is stale: run bash scripts/optimize-model.sh (after the migrations, see README)";

    [Fact]
    public async Task The_app_runs_on_the_compiled_model_and_it_is_the_model_OnModelCreating_builds()
    {
        await using var app = await StartAppAsync();
        await using var scope = app.Services.CreateAsyncScope();
        AssertCompiledModelIsCurrent(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    [Fact]
    public async Task A_context_made_outside_the_app_runs_on_the_compiled_model_too()
    {
        await using var database = CreateDatabase();
        await database.InitializeAsync();
        if (database is PostgresTestDatabase postgres)
        {
            postgres.RequireServer();
        }

        await using var db = database.CreateContext();
        AssertCompiledModelIsCurrent(db);
    }

    private static void AssertCompiledModelIsCurrent(PortalDbContext db)
    {
        // The compiled model's own class: EF found it (the assembly's DbContextModel attribute) and built no model.
        var compiled = db.Model;
        Assert.IsType(db is SqlitePortalDbContext ? typeof(SqliteModel) : typeof(PostgresModel), compiled);

        // What OnModelCreating builds here, with this context's own options and services (the app's Identity options
        // in the app), as `dotnet ef` and the migrations see it; and the runtime model EF would have made of it without
        // the compiled one (facts only the migrations use, such as collations, removed as the compiled model removes them).
        // The compiled model came from the design-time factories: equal shapes say they build the app's model.
        var designTime = db.GetService<IDesignTimeModel>().Model;
        var built = (IModel)designTime.FindRuntimeAnnotationValue("ReadOnlyModel")!;
        Assert.NotNull(built);
        Assert.NotSame(compiled, built);

        // An index's method, operators and included columns (PostgreSQL's trigram index) are not compared: the compiled
        // model leaves them out as facts only the migrations use (EF's own runtime model keeps the method), and the
        // migrations are made from the design-time model.
        // EF's migrations differ (IMigrationsModelDiffer) cannot take a runtime model, compiled or built: it reads facts
        // only the design-time model keeps (collations, seed data) and throws "not stored in the read-optimized model".
        // The tables, columns, keys and indexes of both runtime models are compared below instead; the design-time model
        // against the migrations is DatabaseModelTests' part.
        var expected = Shape(built);
        var actual = Shape(compiled);
        if (expected != actual)
        {
            Assert.Fail(Regenerate + ". Lines of the built model (-) and of the compiled one (+):\n" + LineDiff(expected, actual));
        }
    }

    /// <summary>
    /// What the app relies on, one fact a line, in an order of names (not of the model's building), so that a
    /// difference reads as the property or index it is.
    /// </summary>
    private static string Shape(IModel model)
    {
        var text = new StringBuilder();
        foreach (var entity in model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var table = StoreObjectIdentifier.Create(entity, StoreObjectType.Table);
            text.AppendLine($"{entity.Name}: table {entity.GetSchema()}.{entity.GetTableName()} base {entity.BaseType?.Name} owned {entity.IsOwned()}");
            foreach (var p in entity.GetProperties().OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                var column = p.GetTableColumnMappings().Select(m => m.Column).FirstOrDefault();
                text.AppendLine($"  {entity.ShortName()}.{p.Name}: {p.ClrType} nullable {p.IsNullable}"
                    + $" column {(table is { } t ? p.GetColumnName(t) : null)} {column?.StoreType} column-nullable {column?.IsNullable}"
                    + $" max {p.GetMaxLength()} precision {Try(() => p.GetPrecision())},{Try(() => p.GetScale())} unicode {Try(() => p.IsUnicode())}"
                    + $" converter {p.GetValueConverter()?.GetType()} provider {p.GetProviderClrType()} mapping {p.FindTypeMapping()?.GetType().Name}"
                    + $" generated {p.ValueGenerated} concurrency {p.IsConcurrencyToken}"
                    + $" computed {Try(() => p.GetComputedColumnSql())} stored {Try(() => p.GetIsStored())} collation {Try(() => p.GetCollation())}"
                    + $" default {Try(() => p.GetDefaultValueSql())} {Try(() => p.GetDefaultValue())} sentinel {Value(p.Sentinel)}");
            }

            foreach (var key in entity.GetKeys().OrderBy(k => Names(k.Properties), StringComparer.Ordinal))
            {
                text.AppendLine($"  {entity.ShortName()} key ({Names(key.Properties)}) primary {key.IsPrimaryKey()} name {key.GetName()}");
            }

            foreach (var fk in entity.GetForeignKeys().OrderBy(f => Names(f.Properties), StringComparer.Ordinal))
            {
                text.AppendLine($"  {entity.ShortName()} foreign key ({Names(fk.Properties)}) → {fk.PrincipalEntityType.Name}"
                    + $" ({Names(fk.PrincipalKey.Properties)}) delete {fk.DeleteBehavior} required {fk.IsRequired} unique {fk.IsUnique}"
                    + $" name {fk.GetConstraintName()}");
            }

            foreach (var n in entity.GetNavigations().Cast<INavigationBase>().Concat(entity.GetSkipNavigations())
                         .OrderBy(n => n.Name, StringComparer.Ordinal))
            {
                text.AppendLine($"  {entity.ShortName()} navigation {n.Name} → {n.TargetEntityType.Name} collection {n.IsCollection}");
            }

            foreach (var index in entity.GetIndexes().OrderBy(i => Names(i.Properties), StringComparer.Ordinal).ThenBy(i => i.GetDatabaseName(), StringComparer.Ordinal))
            {
                var tableIndex = index.GetMappedTableIndexes().FirstOrDefault();
                text.AppendLine($"  {entity.ShortName()} index ({Names(index.Properties)}) name {index.GetDatabaseName()} unique {index.IsUnique}"
                    + $" filter {Try(() => index.GetFilter())} descending {Try(() => index.IsDescending)}"
                    + $" mapped {tableIndex?.Name} {tableIndex?.Filter}");
            }
        }

        // The tables as the relational model maps them (what SQL is generated against).
        foreach (var table in model.GetRelationalModel().Tables.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            text.AppendLine($"table {table.Schema}.{table.Name}: key {table.PrimaryKey?.Name} ({Names(table.PrimaryKey?.Columns)})");
            foreach (var c in table.Columns.OrderBy(c => c.Name, StringComparer.Ordinal))
            {
                text.AppendLine($"  {table.Name}.{c.Name}: {c.StoreType} nullable {c.IsNullable} max {c.MaxLength} provider {c.ProviderClrType}"
                    + $" computed {Try(() => c.ComputedColumnSql)} stored {Try(() => c.IsStored)} collation {Try(() => c.Collation)}"
                    + $" default {Try(() => c.DefaultValueSql)} {Try(() => c.DefaultValue)} concurrency {c.IsRowVersion}");
            }

            foreach (var fk in table.ForeignKeyConstraints.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                text.AppendLine($"  {table.Name} constraint {fk.Name} ({Names(fk.Columns)}) → {fk.PrincipalTable.Name} ({Names(fk.PrincipalColumns)}) on delete {fk.OnDeleteAction}");
            }

            foreach (var u in table.UniqueConstraints.OrderBy(u => u.Name, StringComparer.Ordinal))
            {
                text.AppendLine($"  {table.Name} unique {u.Name} ({Names(u.Columns)})");
            }

            foreach (var i in table.Indexes.OrderBy(i => i.Name, StringComparer.Ordinal))
            {
                text.AppendLine($"  {table.Name} index {i.Name} ({Names(i.Columns)}) unique {i.IsUnique} filter {Try(() => i.Filter)}");
            }
        }

        return text.ToString();
    }

    private static string Names(IEnumerable<IColumnBase>? columns) => string.Join(",", columns?.Select(c => c.Name) ?? []);

    /// <summary>A fact the runtime model may not keep reads as such, on both sides alike, rather than ending the comparison.</summary>
    private static string Try(Func<object?> read)
    {
        try
        {
            return Value(read());
        }
        catch (InvalidOperationException)
        {
            return "(not at runtime)";
        }
    }

    private static string Names(IEnumerable<IReadOnlyPropertyBase> properties) => string.Join(",", properties.Select(p => p.Name));

    private static string Value(object? value) => value is System.Collections.IEnumerable e and not string
        ? "[" + string.Join(",", e.Cast<object?>().Select(Value)) + "]"
        : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null";

    private static string LineDiff(string expected, string actual)
    {
        var before = expected.Split('\n');
        var after = actual.Split('\n');
        var gone = before.Except(after).Select(l => "- " + l);
        var come = after.Except(before).Select(l => "+ " + l);
        return string.Join("\n", gone.Concat(come).Take(60));
    }
}

public sealed class CompiledModelTestsOnSqlite : CompiledModelTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class CompiledModelTestsOnPostgres : CompiledModelTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
