using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Activation;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// Without configured keys the temporary-credential key lives in the database, encrypted with the data-protection
/// key ring: one key for every node, made once however many nodes start together; the key file of an earlier
/// version is imported once; configured keys win.
/// </summary>
public abstract class CredentialKeyStorageTests : DataTest
{
    [Fact]
    public async Task Two_nodes_starting_at_the_same_moment_make_one_key_and_both_use_it()
    {
        await using var nodeA = await StartAppAsync();
        await using var nodeB = new PortalAppFactory(nodeA.Database);

        // As `onshi db migrate` leaves it: the data-protection key ring has its first key before the nodes start
        // (here through a node with configured keys, which stores no credential key).
        await using (var deploy = new PortalAppFactory(nodeA.Database))
        {
            deploy.Settings["Credentials:Keys:0:Id"] = "configured";
            deploy.Settings["Credentials:Keys:0:Secret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            await using var scope = deploy.Services.CreateAsyncScope();
            await DataProtectionKeyRing.PrepareAsync(scope.ServiceProvider);
        }

        // Both nodes start at the same moment; each reads (or makes) the key as it starts.
        using var start = new Barrier(2);
        var rings = await Task.WhenAll(
            Task.Run(() => { start.SignalAndWait(); return nodeA.Services.GetRequiredService<CredentialKeyRing>(); }),
            Task.Run(() => { start.SignalAndWait(); return nodeB.Services.GetRequiredService<CredentialKeyRing>(); }));
        var (ringA, ringB) = (rings[0], rings[1]);
        var ids = new[] { ringA.CurrentKeyId, ringB.CurrentKeyId };

        Assert.Equal(ids[0], ids[1]);
        var salt = CredentialHash.NewSalt();
        var (keyId, hash) = ringA.HashWithCurrentKey(salt, "仮パスワード");
        Assert.True(ringB.Verify(keyId, salt, "仮パスワード", hash));

        await using var db = nodeA.Database.CreateContext();
        var row = await db.Set<StoredCredentialKeys>().SingleAsync();
        Assert.Equal("generated", row.Origin);
        Assert.DoesNotContain("Secret", row.Protected, StringComparison.Ordinal); // encrypted, not the JSON
        Assert.False(File.Exists(nodeA.CredentialKeyFile));
        Assert.False(File.Exists(nodeB.CredentialKeyFile));
    }

    [Fact]
    public async Task The_key_file_of_an_earlier_version_is_imported_once_so_its_letters_keep_working()
    {
        await using var app = await StartAppAsync();
        var old = new CredentialKey { Id = "local-0a1b2c3d", Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
        Directory.CreateDirectory(Path.GetDirectoryName(app.CredentialKeyFile)!);
        await File.WriteAllTextAsync(app.CredentialKeyFile, JsonSerializer.Serialize(new { CurrentKeyId = old.Id, Keys = new[] { old } }));

        var migrate = await app.RunCommandAsync("db", "migrate");
        Assert.Equal(0, migrate.ExitCode);
        Assert.Contains("取り込みました", migrate.Output, StringComparison.Ordinal);
        var again = await app.RunCommandAsync("db", "migrate");
        Assert.DoesNotContain("取り込みました", again.Output, StringComparison.Ordinal);

        // A letter hashed with the old file's key verifies on another node that never saw the file.
        File.Delete(app.CredentialKeyFile);
        await using var other = new PortalAppFactory(app.Database);
        var ring = other.Services.GetRequiredService<CredentialKeyRing>();
        Assert.Equal(old.Id, ring.CurrentKeyId);
        var salt = CredentialHash.NewSalt();
        Assert.True(ring.Verify(old.Id, salt, "abc", CredentialHash.Compute(Convert.FromBase64String(old.Secret), salt, "abc")));
        await using var db = app.Database.CreateContext();
        Assert.Equal("imported", (await db.Set<StoredCredentialKeys>().SingleAsync()).Origin);
    }

    [Fact]
    public async Task Configured_keys_win_and_nothing_is_stored()
    {
        await using var app = await StartAppAsync();
        app.Settings["Credentials:Keys:0:Id"] = "2027-05";
        app.Settings["Credentials:Keys:0:Secret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        Assert.Equal("2027-05", app.Services.GetRequiredService<CredentialKeyRing>().CurrentKeyId);
        var migrate = await app.RunCommandAsync("db", "migrate");
        Assert.Equal(0, migrate.ExitCode);
        await using var db = app.Database.CreateContext();
        Assert.Equal(0, await db.Set<StoredCredentialKeys>().CountAsync());
    }
}

public sealed class CredentialKeyStorageTestsOnSqlite : CredentialKeyStorageTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase(withKeys: false);
}

public sealed class CredentialKeyStorageTestsOnPostgres : CredentialKeyStorageTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase(withKeys: false);
}
