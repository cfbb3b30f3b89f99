using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Tests.Unit;

/// <summary>
/// The model the code declares is the one the last migration of each provider leaves. Nodes migrating on start
/// skip EF's own comparison when no migration is pending (DatabaseSetup.MigrateAsync), so a change to an entity
/// without its migration is caught here, before any database sees it.
/// </summary>
public sealed class DatabaseModelTests
{
    [Fact]
    public void The_SQLite_migrations_end_at_the_model()
    {
        using var db = new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite("Data Source=:memory:").Options);
        Assert.False(db.Database.HasPendingModelChanges(), "the model changed without a SQLite migration: dotnet ef migrations add … --context SqlitePortalDbContext");
    }

    [Fact]
    public void The_PostgreSQL_migrations_end_at_the_model()
    {
        using var db = new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql("Host=unused.invalid").Options);
        Assert.False(db.Database.HasPendingModelChanges(), "the model changed without a PostgreSQL migration: dotnet ef migrations add … --context PostgresPortalDbContext");
    }
}
