using System.Data.Common;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>Issuing, verifying and using up temporary credentials (仮ID・仮パスワード) on the real database.</summary>
public abstract class TemporaryCredentialTests : DataTest
{
    [Fact]
    public async Task An_issued_credential_verifies_and_a_wrong_password_does_not()
    {
        await using var app = await StartAppAsync();
        var code = await ActiveCodeAsync(app);

        var issued = await IssueAsync(app.Services, code);
        Assert.Equal($"{code}@01", issued.LoginId);
        Assert.Equal(12, issued.Password.Length);

        var valid = await VerifyAsync(app.Services, issued.LoginId, issued.Password);
        Assert.Equal(CredentialOutcome.Valid, valid.Outcome);
        Assert.Equal(code, valid.Credential!.InstitutionCode);

        // Another first character, whatever the random password starts with ("x" + the rest was the password itself once in ~30 runs).
        var wrong = (char.ToLowerInvariant(issued.Password[0]) == 'x' ? "y" : "x") + issued.Password[1..];
        Assert.Equal(CredentialOutcome.WrongPassword, (await VerifyAsync(app.Services, issued.LoginId, wrong)).Outcome);
        Assert.Equal(CredentialOutcome.Unknown, (await VerifyAsync(app.Services, $"{code}@02", issued.Password)).Outcome);

        // As a Japanese input method types it: full-width digits, '＠' and letters.
        var fullWidth = string.Concat((issued.LoginId + "\t" + issued.Password).Select(c => c is >= '!' and <= '~' ? (char)(c + 0xFEE0) : c)).Split('\t');
        Assert.Equal(CredentialOutcome.Valid, (await VerifyAsync(app.Services, " " + fullWidth[0], fullWidth[1] + " ")).Outcome);
    }

    [Fact]
    public async Task A_reissue_supersedes_every_earlier_credential_and_counts_up()
    {
        await using var app = await StartAppAsync();
        var code = await ActiveCodeAsync(app);

        var first = await IssueAsync(app.Services, code);
        var second = await IssueAsync(app.Services, code);
        var third = await IssueAsync(app.Services, code);

        Assert.Equal($"{code}@02", second.LoginId);
        Assert.Equal($"{code}@03", third.LoginId);
        Assert.Equal(CredentialOutcome.Superseded, (await VerifyAsync(app.Services, first.LoginId, first.Password)).Outcome);
        Assert.Equal(CredentialOutcome.Superseded, (await VerifyAsync(app.Services, second.LoginId, second.Password)).Outcome);
        Assert.Equal(CredentialOutcome.Valid, (await VerifyAsync(app.Services, third.LoginId, third.Password)).Outcome);

        await using var db = app.Database.CreateContext();
        Assert.Equal(2, await db.Set<TemporaryCredential>().CountAsync(c => c.InstitutionCode == code && c.RevokedAt != null));
    }

    [Fact]
    public async Task Two_issues_in_one_unit_of_work_get_consecutive_numbers()
    {
        await using var app = await StartAppAsync();
        var code = await ActiveCodeAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        var credentials = scope.ServiceProvider.GetRequiredService<TemporaryCredentials>();
        var first = await credentials.IssueAsync(code, "test");
        var second = await credentials.IssueAsync(code, "test");
        await scope.ServiceProvider.GetRequiredService<PortalDbContext>().SaveChangesAsync();

        Assert.Equal($"{code}@02", second.LoginId);
        Assert.Equal(CredentialOutcome.Superseded, (await VerifyAsync(app.Services, first.LoginId, first.Password)).Outcome);
    }

    [Fact]
    public async Task A_credential_expires_after_the_configured_days()
    {
        await using var app = await StartAppAsync();
        var code = await ActiveCodeAsync(app);
        var clock = new ManualClock();
        var timed = app.WithClock(clock);

        var issued = await IssueAsync(timed.Services, code);
        Assert.Equal(clock.GetUtcNow().AddDays(120), issued.ExpiresAt);
        clock.Advance(TimeSpan.FromDays(120) - TimeSpan.FromSeconds(1));
        Assert.Equal(CredentialOutcome.Valid, (await VerifyAsync(timed.Services, issued.LoginId, issued.Password)).Outcome);
        clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await VerifyAsync(timed.Services, issued.LoginId, issued.Password);
        Assert.Equal(CredentialOutcome.Expired, expired.Outcome);

        await using var scope = timed.Services.CreateAsyncScope();
        var id = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Set<TemporaryCredential>().Select(c => c.Id).SingleAsync();
        Assert.False(await scope.ServiceProvider.GetRequiredService<TemporaryCredentials>().MarkUsedAsync(id));
    }

    [Fact]
    public async Task A_credential_is_used_once()
    {
        await using var app = await StartAppAsync();
        var issued = await IssueAsync(app.Services, await ActiveCodeAsync(app));
        var id = (await VerifyAsync(app.Services, issued.LoginId, issued.Password)).Credential!.Id;

        Assert.True(await MarkUsedAsync(app.Services, id));
        Assert.False(await MarkUsedAsync(app.Services, id));
        Assert.Equal(CredentialOutcome.Used, (await VerifyAsync(app.Services, issued.LoginId, issued.Password)).Outcome);
    }

    [Fact]
    public async Task Closed_unknown_and_already_activated_institutions_are_refused_with_a_reason()
    {
        await using var app = await StartAppAsync();
        await app.ImportGeneratedAsync(20, seed: 31);
        var codes = await app.Database.CreateContext().Institutions.Where(i => i.Status == InstitutionStatus.Active)
            .OrderBy(i => i.Code).Select(i => i.Code).Take(2).ToListAsync();
        var (closed, activated) = (codes[0], codes[1]);
        await using (var db = app.Database.CreateContext())
        {
            await db.Institutions.Where(i => i.Code == closed).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InstitutionStatus.Closed));
        }

        await AddInstitutionAccountAsync(app.Services, activated);

        Assert.Contains("廃止", (await Assert.ThrowsAsync<CredentialRefusedException>(() => IssueAsync(app.Services, closed))).Message);
        Assert.Contains("有効化", (await Assert.ThrowsAsync<CredentialRefusedException>(() => IssueAsync(app.Services, activated))).Message);
        Assert.Contains("登録されていない", (await Assert.ThrowsAsync<CredentialRefusedException>(() => IssueAsync(app.Services, "0110113719"))).Message);
        Assert.Contains("検証番号", (await Assert.ThrowsAsync<CredentialRefusedException>(() => IssueAsync(app.Services, "0110113710"))).Message);
        Assert.Equal(0, await app.Database.CreateContext().Set<TemporaryCredential>().CountAsync());
    }

    [Fact]
    public async Task The_command_line_writes_passwords_that_verify_and_the_database_holds_none_of_them()
    {
        await using var app = await StartAppAsync();
        await app.ImportGeneratedAsync(30, seed: 17);
        await using var db = app.Database.CreateContext();
        var active = await db.Institutions.Where(i => i.Status == InstitutionStatus.Active).OrderBy(i => i.Code).Select(i => i.Code).Take(4).ToListAsync();
        await db.Institutions.Where(i => i.Code == active[3]).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InstitutionStatus.Closed));
        var folder = Directory.CreateTempSubdirectory("onshi-cred-").FullName;
        var list = Path.Combine(folder, "codes.txt");
        var fullWidth = string.Concat(active[2].Select(c => (char)(c + 0xFEE0)));
        await File.WriteAllTextAsync(list, $"{fullWidth[..2]}-{fullWidth[2..]}\n\n{active[3]}\n", new UTF8Encoding(true));
        var csv = Path.Combine(folder, "letters.csv");

        var run = await app.RunCommandAsync("credentials", "issue", "--code", active[0], active[1], "--file", list, "--out", csv);

        Assert.True(run.ExitCode == 2, run.Error);
        Assert.Contains($"{active[3]}: 廃止された医療機関等です。", run.Error);
        Assert.Contains("3件", run.Output);
        var bytes = await File.ReadAllBytesAsync(csv);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(CredentialCsv.Header, lines[0]);
        Assert.Equal(4, lines.Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(csv));
        }

        var passwords = new List<string>();
        foreach (var fields in lines.Skip(1).Select(l => l.Split(',')))
        {
            Assert.Equal($"{fields[0]}@01", fields[1]);
            Assert.Equal(CredentialOutcome.Valid, (await VerifyAsync(app.Services, fields[1], fields[2])).Outcome);
            passwords.Add(fields[2]);
        }

        Assert.Equal(active.Take(3).Order(), lines.Skip(1).Select(l => l.Split(',')[0]).Order());
        Assert.DoesNotContain(passwords, p => run.Output.Contains(p, StringComparison.Ordinal) || run.Error.Contains(p, StringComparison.Ordinal));
        await AssertNowhereInTableAsync(db, "TemporaryCredentials", passwords);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp")); // no temporary file left behind
    }

    [Fact]
    public async Task The_command_line_refuses_to_overwrite_and_exits_1_when_nothing_was_issued()
    {
        await using var app = await StartAppAsync();
        var code = await ActiveCodeAsync(app);
        var csv = Path.Combine(Directory.CreateTempSubdirectory("onshi-cred-").FullName, "letters.csv");
        await File.WriteAllTextAsync(csv, "earlier letters");

        var refused = await app.RunCommandAsync("credentials", "issue", "--code", code, "--out", csv);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--force", refused.Error);
        Assert.Equal("earlier letters", await File.ReadAllTextAsync(csv));

        var forced = await app.RunCommandAsync("credentials", "issue", "--code", code, "--out", csv, "--force");
        Assert.True(forced.ExitCode == 0, forced.Error);
        Assert.StartsWith(CredentialCsv.Header, (await File.ReadAllTextAsync(csv)).TrimStart('\uFEFF'));

        await AddInstitutionAccountAsync(app.Services, code);
        var none = await app.RunCommandAsync("credentials", "issue", "--code", code, "--out", csv + ".2");
        Assert.Equal(1, none.ExitCode);
        Assert.Contains($"{code}: アカウントは既に有効化されています", none.Error);
        Assert.False(File.Exists(csv + ".2"));
    }

    private static async Task<string> ActiveCodeAsync(PortalAppFactory app)
    {
        await app.ImportGeneratedAsync(10, seed: 5);
        await using var db = app.Database.CreateContext();
        return await db.Institutions.Where(i => i.Status == InstitutionStatus.Active).OrderBy(i => i.Code).Select(i => i.Code).FirstAsync();
    }

    internal static async Task<IssuedCredential> IssueAsync(IServiceProvider services, string code)
    {
        await using var scope = services.CreateAsyncScope();
        var issued = await scope.ServiceProvider.GetRequiredService<TemporaryCredentials>().IssueAsync(code, "test");
        await scope.ServiceProvider.GetRequiredService<PortalDbContext>().SaveChangesAsync();
        return issued;
    }

    internal static async Task<CredentialCheck> VerifyAsync(IServiceProvider services, string loginId, string password)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TemporaryCredentials>().VerifyAsync(loginId, password);
    }

    private static async Task<bool> MarkUsedAsync(IServiceProvider services, long id)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TemporaryCredentials>().MarkUsedAsync(id);
    }

    private static async Task AddInstitutionAccountAsync(IServiceProvider services, string code)
    {
        await using var scope = services.CreateAsyncScope();
        var user = new PortalUser { UserName = $"inst-{code}", Email = $"{code}@clinic.example", InstitutionCode = code, InstitutionRole = InstitutionRole.Administrator, AccountOf = code };
        Assert.True((await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().CreateAsync(user)).Succeeded);
    }

    /// <summary>Reads every column of every row, text and bytes alike, and looks for each password in it.</summary>
    private static async Task AssertNowhereInTableAsync(PortalDbContext db, string table, List<string> passwords)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM \"{table}\"";
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var text = reader.IsDBNull(i) ? string.Empty : reader.GetValue(i) switch
                {
                    byte[] b => Encoding.Latin1.GetString(b) + Convert.ToHexString(b) + Convert.ToBase64String(b),
                    var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
                };
                Assert.DoesNotContain(passwords, p => text.Contains(p, StringComparison.OrdinalIgnoreCase));
            }
        }

        Assert.Equal(passwords.Count, rows);
    }
}

public sealed class TemporaryCredentialTestsOnSqlite : TemporaryCredentialTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class TemporaryCredentialTestsOnPostgres : TemporaryCredentialTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
