using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Dashboard;
using OnshiPortal.Features.Institutions;

namespace OnshiPortal.Infrastructure.Data;

/// <summary>
/// The one database of the portal. The model is provider-neutral; <see cref="SqlitePortalDbContext"/> and
/// <see cref="PostgresPortalDbContext"/> exist only so that each provider keeps its own migrations.
/// </summary>
public abstract class PortalDbContext(DbContextOptions options)
    : IdentityDbContext<PortalUser>(options), IDataProtectionKeyContext
{
    public DbSet<Institution> Institutions => Set<Institution>();

    public DbSet<InstitutionRevision> InstitutionRevisions => Set<InstitutionRevision>();

    public DbSet<ImportRun> ImportRuns => Set<ImportRun>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>
    /// Identity builds its schema in the version its store options name (3: with the passkeys table, set in
    /// PortalServices). A context made without the application's services (`dotnet ef`, the tests' own contexts)
    /// would read no options and fall back to version 1: it gets a provider that names version 3 too.
    /// </summary>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        if (optionsBuilder.Options.FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider is null)
        {
            optionsBuilder.UseApplicationServiceProvider(IdentitySchema.Services);
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset; store UTC ticks there and timestamptz on PostgreSQL.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
        }
    }
}

/// <summary>The Identity schema version of the portal, for contexts made outside the application.</summary>
internal static class IdentitySchema
{
    public static readonly IServiceProvider Services = new ServiceCollection()
        .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3)
        .BuildServiceProvider();
}

/// <summary>The embedded default.</summary>
public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options) : PortalDbContext(options)
{
    /// <summary>
    /// Identity builds its schema in the version its store options name (3: with the passkeys table, set in
    /// PortalServices). A context made without the application's services (`dotnet ef`, the tests' own contexts)
    /// would read no options and fall back to version 1: it gets a provider that names version 3 too.
    /// </summary>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        if (optionsBuilder.Options.FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider is null)
        {
            optionsBuilder.UseApplicationServiceProvider(IdentitySchema.Services);
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // A part of a name cannot seek; this index lets the scan read only the search text and the code
        // (a covering index, half the pages of the table) instead of whole rows.
        builder.Entity<Institution>().HasIndex(i => new { i.SearchText, i.Code });

        // Computed when read (VIRTUAL) and stored in its index: SQLite adds a stored one only by rebuilding the
        // table, which would drop the search index's triggers.
        builder.Entity<Institution>().Property(i => i.DashboardSteps).HasComputedColumnSql(DashboardStepColumn.Sql, stored: false);
    }
}

/// <summary>Production.</summary>
public sealed class PostgresPortalDbContext(DbContextOptions<PostgresPortalDbContext> options) : PortalDbContext(options)
{
    /// <summary>
    /// Identity builds its schema in the version its store options name (3: with the passkeys table, set in
    /// PortalServices). A context made without the application's services (`dotnet ef`, the tests' own contexts)
    /// would read no options and fall back to version 1: it gets a provider that names version 3 too.
    /// </summary>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        if (optionsBuilder.Options.FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider is null)
        {
            optionsBuilder.UseApplicationServiceProvider(IdentitySchema.Services);
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // Codes and phone digits compare byte-wise ("C"), so that a prefix range is an index range whatever the
        // server's locale, as it is on SQLite.
        builder.Entity<Institution>().Property(i => i.Code).UseCollation("C");
        builder.Entity<Institution>().Property(i => i.PhoneDigits).UseCollation("C");
        foreach (var code in builder.Model.GetEntityTypes().Select(e => e.FindProperty("InstitutionCode")).OfType<IMutableProperty>())
        {
            // Every table's institution code as well: a code compares and sorts the same in every table, so a
            // prefix is an index range everywhere and a join between two code-ordered indexes can merge them.
            code.SetCollation("C");
        }

        // A part of a name (3 characters or more) is found through trigrams (pg_trgm ships with PostgreSQL).
        builder.HasPostgresExtension("pg_trgm");
        builder.Entity<Institution>().HasIndex(i => i.SearchText).HasMethod("gin").HasOperators("gin_trgm_ops");

        // A term of one or two characters has no trigram: the codes are read in order with the search text as a
        // filter until the page's limit. This index carries the text beside the code, so that walk reads a third of
        // the table's pages and no row (an index-only scan: 16 → 8 ms for one common character on 250,000).
        builder.Entity<Institution>().HasIndex(i => i.Code, "IX_Institutions_Code_SearchText").IncludeProperties(i => i.SearchText);

        // PostgreSQL 15 computes a generated column only when the row is written (STORED).
        builder.Entity<Institution>().Property(i => i.DashboardSteps).HasComputedColumnSql(DashboardStepColumn.Sql, stored: true);
    }
}
