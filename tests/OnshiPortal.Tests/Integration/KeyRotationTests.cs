using System.Security.Cryptography;
using System.Text.Json;
using OnshiPortal.Features.Activation;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>The rotation of the temporary-credential key as docs/operations.md tells it, on nodes of one database.</summary>
public abstract class KeyRotationTests : DataTest
{
    [Fact]
    public async Task A_rotated_key_keeps_outstanding_letters_working_and_credentials_keys_tells_when_the_old_key_may_go()
    {
        await using var before = await StartAppAsync();
        var (institution, outstanding) = await before.IssueAsync();
        var oldKey = JsonSerializer.Deserialize<CredentialOptions>(await File.ReadAllTextAsync(before.CredentialKeyFile))!.Keys.Single();
        var newKey = new CredentialKey { Id = "2027-05", Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };

        // Steps 1 and 2: both keys, issuing with the new one.
        await using var rotated = new PortalAppFactory(before.Database) { CredentialKeyFile = KeyFile(newKey.Id, oldKey, newKey) };
        var other = (await rotated.ImportGeneratedAsync(20, 31)).First(r => r.ClosedOn is null && r.Code.Value != institution.Code.Value);
        await rotated.ReissueAsync(other.Code.Value);
        var report = await rotated.RunCommandAsync("credentials", "keys");
        Assert.Equal(0, report.ExitCode);
        Assert.Matches($"{newKey.Id}\t1\t[^\t]+\t現在の鍵", report.Output);
        Assert.Matches($"{oldKey.Id}\t1\t[^\t]+\t旧鍵", report.Output);

        // The letter issued with the old key still logs in on the rotated node.
        await new HttpSession(rotated.CreateBrowserLikeClient()).TemporaryLogInAsync(outstanding.LoginId, outstanding.Password);

        // Removed too early: the report says so and fails.
        await using var tooEarly = new PortalAppFactory(before.Database) { CredentialKeyFile = KeyFile(newKey.Id, newKey) };
        var warning = await tooEarly.RunCommandAsync("credentials", "keys");
        Assert.Equal(2, warning.ExitCode);
        Assert.Contains($"{oldKey.Id}\t1\t", warning.Output);
        Assert.Contains("未設定", warning.Output);
    }

    /// <summary>A key file (the embedded default's, the shape of the <c>Credentials</c> section) of its own.</summary>
    private static string KeyFile(string currentKeyId, params CredentialKey[] keys)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("onshi-keys-").FullName, "credential-keys.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new { CurrentKeyId = currentKeyId, Keys = keys }));
        return path;
    }
}

public sealed class KeyRotationTestsOnSqlite : KeyRotationTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class KeyRotationTestsOnPostgres : KeyRotationTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
