using System.Diagnostics;
using Npgsql;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL server of one test, in its own folder on its own port, which the test may stop and start
/// again: never the server that tests/run.sh shares between the tests (ONSHI_TEST_POSTGRES). Removed on dispose.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string bin;
    private readonly string folder;

    private PrivatePostgres(string bin, string folder)
    {
        this.bin = bin;
        this.folder = folder;
    }

    public int Port { get; } = LoopbackSmtpServer.FreePort();

    /// <summary>The portal's database on this server, with the given application name (pg_stat_activity shows it).</summary>
    public string ConnectionString(string applicationName = "onshi-test") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database=onshi;Application Name={applicationName}";

    /// <summary>
    /// initdb, start, and an empty UTF-8 database <c>onshi</c>. The binaries are those tests/run.sh installs; where
    /// they are missing the test is skipped, except under CI, where it fails.
    /// </summary>
    public static async Task<PrivatePostgres> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "pg_ctl"))).OrderBy(d => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : new Version(0, 0)).LastOrDefault()
            : null;
        if (bin is null)
        {
            const string Missing = "PostgreSQL binaries (/usr/lib/postgresql/*/bin) are missing: tests/run.sh installs them.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(Missing);
            }

            Assert.Skip(Missing);
        }

        var server = new PrivatePostgres(bin, Directory.CreateTempSubdirectory("onshi-private-pg-").FullName);
        if (Environment.UserName == "root")
        {
            // initdb and the server refuse to run as root; the postgres user owns the folder.
            await RunAsync("chown", "postgres:postgres", server.folder);
        }

        await server.PgAsync("initdb", "-D", server.folder, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8");
        await server.StartAgainAsync();
        await using var connection = new NpgsqlConnection(server.ConnectionString().Replace("Database=onshi", "Database=postgres", StringComparison.Ordinal));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand("CREATE DATABASE onshi", connection);
        await create.ExecuteNonQueryAsync();
        return server;
    }

    /// <summary>Stops the server the way an operator restarts it: fast (sessions are ended), waiting until it is down.</summary>
    public Task StopAsync() => PgAsync("pg_ctl", "-D", folder, "-m", "fast", "-w", "stop");

    /// <summary>Starts the server and waits until it accepts connections.</summary>
    public Task StartAgainAsync() => PgAsync("pg_ctl", "-D", folder, "-l", Path.Combine(folder, "server.log"), "-w", "-o",
        $"-p {Port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start");

    private Task PgAsync(string tool, params string[] args) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(bin, tool), .. args])
            : RunAsync(Path.Combine(bin, tool), args);

    private static async Task RunAsync(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await PgAsync("pg_ctl", "-D", folder, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // left to the OS's temp clean-up
        }
    }
}
