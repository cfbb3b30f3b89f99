using Npgsql;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// What another program's sessions are doing on a PostgreSQL server, found by their application name
/// (pg_stat_activity): the event-driven waits of the fault tests, instead of sleeping and hoping.
/// </summary>
public static class DatabaseSessions
{
    /// <summary>The connection string with an application name of its own, for a child process to use.</summary>
    public static string Named(string connectionString, string applicationName) =>
        new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = applicationName }.ToString();

    /// <summary>
    /// Waits until a session of <paramref name="applicationName"/> waits for a lock that the test holds, inside a
    /// transaction that has written (it has a transaction id): the program is stopped in the middle of its work.
    /// </summary>
    public static Task UntilBlockedAsync(string connectionString, string applicationName, PortalProcess process) =>
        UntilAsync(connectionString, applicationName, process, TimeSpan.FromSeconds(120),
            "wait_event_type = 'Lock' AND backend_xid IS NOT NULL", "a session waiting for the held lock");

    /// <summary>Waits until no session of <paramref name="applicationName"/> is left (the server has rolled back a killed client's transaction).</summary>
    public static async Task UntilGoneAsync(string connectionString, string applicationName)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await CountAsync(connectionString, applicationName, "true") > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the sessions of {applicationName} did not end in 60 s");
            await Task.Delay(100);
        }
    }

    private static async Task UntilAsync(string connectionString, string applicationName, PortalProcess process, TimeSpan timeout, string condition, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await CountAsync(connectionString, applicationName, condition) == 0)
        {
            Assert.False(process.Process.HasExited, $"the process ended (exit {(process.Process.HasExited ? process.Process.ExitCode : 0)}) before {what}:\n{process.Output}");
            Assert.True(DateTime.UtcNow < deadline, $"no {what} after {timeout.TotalSeconds:0} s:\n{process.Output}");
            await Task.Delay(100);
        }
    }

    private static async Task<long> CountAsync(string connectionString, string applicationName, string condition)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = "onshi-test-observer" };
        await using var connection = new NpgsqlConnection(builder.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM pg_stat_activity WHERE application_name = @name AND {condition}", connection);
        command.Parameters.AddWithValue("name", applicationName);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
