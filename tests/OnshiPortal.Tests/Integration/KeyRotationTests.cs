using System.Security.Cryptography;
using OnshiPortal.Features.Activation;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>The rotation of the temporary-credential key as docs/operations.md tells it, on nodes of one database.</summary>
public abstract class KeyRotationTests : DataTest
{
    [Fact]
    public async Task A_rotated_key_keeps_outstanding_letters_working_and_credentials_keys_tells_when_the_old_key_may_go()
    {
        var oldKey = new CredentialKey { Id = "2026-11", Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
        await using var before = await StartAppAsync();
        Configure(before, oldKey.Id, oldKey);
        var (institution, outstanding) = await before.IssueAsync();
        var newKey = new CredentialKey { Id = "2027-05", Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };

        // Steps 1 and 2: both keys, issuing with the new one.
        await using var rotated = Configure(new PortalAppFactory(before.Database), newKey.Id, oldKey, newKey);
        var other = (await rotated.ImportGeneratedAsync(20, 31)).First(r => r.ClosedOn is null && r.Code.Value != institution.Code.Value);
        await rotated.ReissueAsync(other.Code.Value);
        var report = await rotated.RunCommandAsync("credentials", "keys");
        Assert.Equal(0, report.ExitCode);
        Assert.Matches($"{newKey.Id}\t1\t[^\t]+\t現在の鍵", report.Output);
        Assert.Matches($"{oldKey.Id}\t1\t[^\t]+\t旧鍵", report.Output);

        // The letter issued with the old key still logs in on the rotated node.
        await new HttpSession(rotated.CreateBrowserLikeClient()).TemporaryLogInAsync(outstanding.LoginId, outstanding.Password);

        // Removed too early: the report says so and fails.
        await using var tooEarly = Configure(new PortalAppFactory(before.Database), newKey.Id, newKey);
        var warning = await tooEarly.RunCommandAsync("credentials", "keys");
        Assert.Equal(2, warning.ExitCode);
        Assert.Contains($"{oldKey.Id}\t1\t", warning.Output);
        Assert.Contains("未設定", warning.Output);
    }

    /// <summary>The keys as the nodes' configuration gives them (<c>Credentials:Keys</c>, a secret store in production).</summary>
    private static PortalAppFactory Configure(PortalAppFactory app, string currentKeyId, params CredentialKey[] keys)
    {
        app.Settings["Credentials:CurrentKeyId"] = currentKeyId;
        for (var i = 0; i < keys.Length; i++)
        {
            app.Settings[$"Credentials:Keys:{i}:Id"] = keys[i].Id;
            app.Settings[$"Credentials:Keys:{i}:Secret"] = keys[i].Secret;
        }

        return app;
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
