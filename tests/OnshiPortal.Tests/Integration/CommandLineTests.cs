using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.CommandLine;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>The operator's command line: help on every verb, operator accounts, migrations.</summary>
public sealed partial class CommandLineTests : DataTest
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();

    [Theory]
    [InlineData("--help")]
    [InlineData("db", "--help")]
    [InlineData("db", "migrate", "--help")]
    [InlineData("institutions", "--help")]
    [InlineData("institutions", "import", "--help")]
    [InlineData("institutions", "export", "--help")]
    [InlineData("institutions", "generate", "--help")]
    [InlineData("operators", "--help")]
    [InlineData("operators", "add", "--help")]
    [InlineData("credentials", "--help")]
    [InlineData("credentials", "issue", "--help")]
    [InlineData("campaign", "--help")]
    [InlineData("campaign", "create", "--help")]
    [InlineData("campaign", "issue", "--help")]
    [InlineData("campaign", "export", "--help")]
    public async Task Every_verb_has_help(params string[] args)
    {
        await using var app = await StartAppAsync();
        var run = await app.RunCommandAsync(args);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage:", run.Output);
        Assert.Contains("Description:", run.Output);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("institutions", "import", "--help")]
    [InlineData("institutions", "import")]
    [InlineData("operators", "add", "a@onshi.example", "--role")]
    public async Task Help_and_a_mistyped_command_build_no_host(params string[] args)
    {
        // The host is built on a command's first use of the services (so that an import's read of its file starts
        // first): help and a parse error never get there.
        var output = new StringWriter();
        var exitCode = await PortalCommandLine.InvokeAsync(() => throw new InvalidOperationException("the host was built"), args, output, output);
        Assert.DoesNotContain("the host was built", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(args[^1] == "--help" ? 0 : 1, exitCode);
        Assert.Contains("Usage:", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operators_add_prints_a_one_time_password_that_is_stored_only_as_a_hash()
    {
        await using var app = await StartAppAsync();
        var run = await app.RunCommandAsync("operators", "add", "staff@onshi.example", "--role", "Admin");
        Assert.True(run.ExitCode == 0, run.Error);
        var password = PasswordLine().Match(run.Output).Groups[1].Value;
        Assert.Equal(16, password.Length);

        await using var db = app.Database.CreateContext();
        var user = await db.Users.SingleAsync(u => u.Email == "staff@onshi.example");
        Assert.True(user.MustChangePassword);
        Assert.DoesNotContain(password, user.PasswordHash!, StringComparison.Ordinal);
        var roles = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).ToListAsync();
        Assert.Equal(["Admin"], roles);

        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync("staff@onshi.example", password, "/operator");
    }

    [Fact]
    public async Task Operators_add_makes_a_printer_who_reaches_the_print_menu_only()
    {
        await using var app = await StartAppAsync();
        var run = await app.RunCommandAsync("operators", "add", "printer@onshi.example", "--role", "Printer", "--name", "印刷 担当");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("(Printer)", run.Output, StringComparison.Ordinal);

        await using var db = app.Database.CreateContext();
        var roles = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).ToListAsync();
        Assert.Equal(["Printer"], roles);
    }

    [Fact]
    public async Task Operators_add_refuses_an_unknown_role_and_a_taken_address()
    {
        await using var app = await StartAppAsync();
        var badRole = await app.RunCommandAsync("operators", "add", "a@onshi.example", "--role", "Root");
        Assert.NotEqual(0, badRole.ExitCode);

        Assert.Equal(0, (await app.RunCommandAsync("operators", "add", "a@onshi.example")).ExitCode);
        var again = await app.RunCommandAsync("operators", "add", "a@onshi.example");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("このメールアドレスは使用できません。", again.Error);
    }

    [Fact]
    public async Task Import_of_a_missing_file_says_so_in_Japanese()
    {
        await using var app = await StartAppAsync();
        var run = await app.RunCommandAsync("institutions", "import", "/nonexistent/master.csv");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("ファイルが見つかりません", run.Error);
    }

    [Fact]
    public async Task Generate_is_deterministic_for_a_seed_and_writes_Shift_JIS_on_request()
    {
        await using var app = await StartAppAsync();
        var folder = Directory.CreateTempSubdirectory().FullName;
        string Path(string name) => System.IO.Path.Combine(folder, name);
        await app.RunCommandAsync("institutions", "generate", "--count", "50", "--out", Path("a.csv"), "--seed", "8");
        await app.RunCommandAsync("institutions", "generate", "--count", "50", "--out", Path("b.csv"), "--seed", "8");
        await app.RunCommandAsync("institutions", "generate", "--count", "50", "--out", Path("c.csv"), "--seed", "8", "--encoding", "sjis");
        Assert.Equal(await File.ReadAllBytesAsync(Path("a.csv")), await File.ReadAllBytesAsync(Path("b.csv")));
        var sjis = await File.ReadAllBytesAsync(Path("c.csv"));
        Assert.False(System.Text.Unicode.Utf8.IsValid(sjis));
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var utf8 = System.Text.Encoding.UTF8.GetString(await File.ReadAllBytesAsync(Path("a.csv"))).TrimStart('\uFEFF');
        Assert.Equal(utf8, System.Text.Encoding.GetEncoding(932).GetString(sjis));
    }

    [Fact]
    public async Task Db_migrate_reports_an_up_to_date_schema()
    {
        await using var app = await StartAppAsync();
        var run = await app.RunCommandAsync("db", "migrate");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("スキーマは最新です。", run.Output);
    }

    [GeneratedRegex("初期パスワード（この一度だけ表示します）: (\\S+)")]
    private static partial Regex PasswordLine();
}
