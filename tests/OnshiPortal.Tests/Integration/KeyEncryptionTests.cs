using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// A copy of the database (a backup, a read-only SQL leak) must not be able to mint a session: the data-protection
/// keys in it are encrypted with a certificate that is not in the database (issue 14, finding 2).
/// </summary>
public abstract class KeyEncryptionTests : DataTest
{
    private const string Purpose = "a cookie";

    [Fact]
    public async Task Every_data_protection_key_in_the_database_is_encrypted()
    {
        await using var app = await StartAppAsync();
        Protect(app, "x"); // the first use makes the first key

        await using var db = app.Database.CreateContext();
        var keys = await db.Set<DataProtectionKey>().Select(k => k.Xml).ToListAsync(TestContext.Current.CancellationToken);
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.False(DataProtectionKeyRing.IsPlaintextKey(xml), xml);
            Assert.Contains("encryptedSecret", xml!, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml!, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_copy_of_the_database_without_the_certificate_cannot_read_what_the_portal_signed()
    {
        await using var app = await StartAppAsync();
        var sealedByPortal = Protect(app, "admin session");

        // The attacker's side: the same key table and application name, but no certificate.
        using var stolen = KeyRingFrom(app.Database, certificate: null);
        Assert.ThrowsAny<CryptographicException>(() => stolen.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(sealedByPortal));

        // The same key table with the certificate reads it (the test above is not failing for another reason).
        using var node = KeyRingFrom(app.Database, certificate: TestKeyCertificate.Path);
        Assert.Equal("admin session", node.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(sealedByPortal));
    }

    [Fact]
    public async Task Keys_stored_in_clear_before_the_certificate_was_set_are_removed_by_db_migrate_and_sign_nothing_more()
    {
        await using var app = await StartAppAsync();

        // What a database written before this change holds: a key in clear, and a cookie it signed.
        string forged;
        using (var old = KeyRingFrom(app.Database, certificate: null))
        {
            forged = old.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Protect("admin session");
        }

        await using (var db = app.Database.CreateContext())
        {
            Assert.Contains(await db.Set<DataProtectionKey>().Select(k => k.Xml).ToListAsync(TestContext.Current.CancellationToken), DataProtectionKeyRing.IsPlaintextKey);
        }

        var migrate = await app.RunCommandAsync("db", "migrate");
        Assert.Equal(0, migrate.ExitCode);
        Assert.Contains("暗号化されていなかったデータ保護キー1件を削除", migrate.Output, StringComparison.Ordinal);

        await using (var db = app.Database.CreateContext())
        {
            var keys = await db.Set<DataProtectionKey>().Select(k => k.Xml).ToListAsync(TestContext.Current.CancellationToken);
            Assert.NotEmpty(keys);
            Assert.DoesNotContain(keys, DataProtectionKeyRing.IsPlaintextKey);
        }

        // A node started after the step (as the operations guide says) does not accept what the old key signed.
        using var node = KeyRingFrom(app.Database, certificate: TestKeyCertificate.Path);
        Assert.ThrowsAny<CryptographicException>(() => node.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Unprotect(forged));
    }

    [Fact]
    public async Task Production_refuses_to_start_without_the_certificate()
    {
        var database = CreateDatabase();
        await database.InitializeAsync();
        (database as PostgresTestDatabase)?.RequireServer();
        await using var app = new ProductionWithoutCertificate(database);

        var refused = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("DataProtection:Certificate:Path is not set", Flatten(refused), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Db_certificate_makes_a_certificate_readable_by_its_owner_alone_and_keeps_an_existing_one()
    {
        await using var app = await StartAppAsync();
        var path = Path.Combine(Directory.CreateTempSubdirectory("onshi-dp-made-").FullName, "dp.pfx");

        var made = await app.RunCommandAsync("db", "certificate", "--out", path);
        Assert.Equal(0, made.ExitCode);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.True(KeyEncryption.Load(new CertificateFile { Path = path }).HasPrivateKey);

        var again = await app.RunCommandAsync("db", "certificate", "--out", path);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("--force", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Db_migrate_in_production_without_the_certificate_refuses_and_says_how_to_make_one()
    {
        var database = CreateDatabase();
        await database.InitializeAsync();
        (database as PostgresTestDatabase)?.RequireServer();
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(new Microsoft.AspNetCore.Builder.WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration["Database:Provider"] = database.Provider.ToString();
        builder.Configuration["ConnectionStrings:Portal"] = database.ConnectionString;
        builder.Configuration[OnshiPortal.Infrastructure.Web.PortalServices.CommandLineMode] = "true";
        OnshiPortal.Infrastructure.Web.PortalServices.AddPortal(builder);
        await using var services = builder.Build();
        var output = new StringWriter();
        var error = new StringWriter();

        var exitCode = await OnshiPortal.Infrastructure.CommandLine.PortalCommandLine.InvokeAsync(services.Services, ["db", "migrate"], output, error);

        Assert.Equal(1, exitCode);
        Assert.Contains("db certificate", error.ToString(), StringComparison.Ordinal);
        await using var db = database.CreateContext();
        Assert.Empty(await db.Set<DataProtectionKey>().ToListAsync(TestContext.Current.CancellationToken));
        await database.DisposeAsync();
    }

    private static string Protect(PortalAppFactory app, string text) =>
        app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).Protect(text);

    /// <summary>A key ring on the same key table, as another process (a node, or whoever holds a copy) would make it.</summary>
    private static ServiceProvider KeyRingFrom(TestDatabase database, string? certificate)
    {
        var services = new ServiceCollection();
        services.AddScoped<PortalDbContext>(_ => database.CreateContext());
        var protection = services.AddDataProtection().SetApplicationName("OnshiPortal").PersistKeysToDbContext<PortalDbContext>();
        if (certificate is not null)
        {
            var loaded = KeyEncryption.Load(new CertificateFile { Path = certificate });
            protection.ProtectKeysWithCertificate(loaded).UnprotectKeysWithAnyCertificate(loaded);
        }

        return services.BuildServiceProvider();
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " " + Flatten(e.InnerException);

    private sealed class ProductionWithoutCertificate(TestDatabase database) : PortalAppFactoryWithDatabase(database)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
            builder.UseSetting("DataProtection:Certificate:Path", string.Empty);
        }
    }
}

public sealed class KeyEncryptionTestsOnSqlite : KeyEncryptionTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase(withKeys: false);
}

public sealed class KeyEncryptionTestsOnPostgres : KeyEncryptionTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase(withKeys: false);
}
