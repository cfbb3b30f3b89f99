using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OnshiPortal.Features.Account;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Bench;

/// <summary>
/// <c>load-seed portal|stock CONNECTION COUNT</c>: COUNT activated accounts (e-mail confirmed, no second factor),
/// <c>load00000@bench.example</c> …, all with <see cref="Password"/>. Hashed once with Identity's real hasher and
/// the one hash reused: each account has its own name and security stamp, and a login costs the same PBKDF2 work
/// (the salt is per hash, which an attacker would see as shared; irrelevant to the cost measured here).
/// </summary>
internal static class LoadSeed
{
    public const string Password = "bench-login-password-2026";

    public static string Email(int i) => $"load{i:D5}@bench.example";

    public static async Task<int> RunAsync(string flavour, string connectionString, int count)
    {
        var watch = Stopwatch.StartNew();
        var hash = new PasswordHasher<PortalUser>().HashPassword(new PortalUser(), Password);
        if (flavour == "portal")
        {
            await SeedPortalAsync(connectionString, count, hash);
        }
        else
        {
            await SeedStockAsync(connectionString, count, hash);
        }

        Console.WriteLine($"seeded {count:N0} {flavour} accounts in {watch.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    /// <summary>Institution accounts as activation leaves them, through the portal's own bulk writer.</summary>
    private static async Task SeedPortalAsync(string connectionString, int count, string hash)
    {
        await using var db = new PostgresPortalDbContext(new DbContextOptionsBuilder<PostgresPortalDbContext>().UseNpgsql(connectionString).Options);
        var now = DateTimeOffset.UtcNow;
        var accounts = Enumerable.Range(0, count).Select(i => new PortalUser
        {
            UserName = Email(i),
            NormalizedUserName = Email(i).ToUpperInvariant(),
            Email = Email(i),
            NormalizedEmail = Email(i).ToUpperInvariant(),
            EmailConfirmed = true,
            PasswordHash = hash,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            ConcurrencyStamp = Guid.NewGuid().ToString(),
            LockoutEnabled = true,
            DisplayName = $"ベンチ診療所 {i}",
            ContactPerson = "ベンチ 太郎",
            InstitutionCode = $"13{i:D8}",
            InstitutionRole = OnshiPortal.Features.People.InstitutionRole.Administrator,
            AccountOf = $"13{i:D8}",
            CreatedAt = now,
        });
        await using var transaction = await db.Database.BeginTransactionAsync();
        await new BulkWriter<PortalUser>(db).InsertAsync(accounts, null, CancellationToken.None);
        await transaction.CommitAsync();
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
    }

    /// <summary>The stock template's AspNetUsers (IdentityUser, its own schema): one set-based insert.</summary>
    private static async Task SeedStockAsync(string connectionString, int count, string hash)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO "AspNetUsers" ("Id", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed",
                "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount")
            SELECT gen_random_uuid()::text, e, upper(e), e, upper(e), true, @hash, replace(gen_random_uuid()::text, '-', ''),
                gen_random_uuid()::text, false, false, true, 0
            FROM (SELECT 'load' || lpad(i::text, 5, '0') || '@bench.example' AS e FROM generate_series(0, @count - 1) AS i) AS accounts;
            ANALYZE;
            """, connection);
        insert.Parameters.AddWithValue("hash", hash);
        insert.Parameters.AddWithValue("count", count);
        await insert.ExecuteNonQueryAsync();
    }
}
