using System.Collections.Concurrent;
using System.Diagnostics;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// The portal's own program as a child process, the way a node runs it (<c>dotnet OnshiPortal.dll</c>) or an operator
/// runs <c>onshi VERB</c>: configured by environment variables, in a temporary folder of its own. A test may kill it
/// (the whole process tree) as a node dies. Its output is kept for the test's messages.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> lines = new();
    private readonly string folder = Directory.CreateTempSubdirectory("onshi-process-").FullName;

    private PortalProcess(IReadOnlyDictionary<string, string> environment, string[] args)
    {
        // The build of the portal beside the tests' own (the project reference copies it with its runtimeconfig).
        var program = Path.Combine(AppContext.BaseDirectory, "OnshiPortal.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(program);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        // A node runs in Production (no environment set), which refuses to start without the key-encryption certificate.
        start.Environment["DataProtection__Certificate__Path"] = TestKeyCertificate.Path;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        Process = new Process { StartInfo = start };

        // Read both streams continuously: a child whose pipe is full would block on its next write.
        Process.OutputDataReceived += (_, e) => Keep(e.Data);
        Process.ErrorDataReceived += (_, e) => Keep(e.Data);
        Process.Start();
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
    }

    public Process Process { get; }

    /// <summary>What the process printed on either stream so far (the last lines).</summary>
    public string Output => string.Join('\n', lines);

    /// <summary>Starts <c>dotnet OnshiPortal.dll ARGS</c> with the given settings (configuration keys with <c>__</c>).</summary>
    public static PortalProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args) => new(environment, args);

    /// <summary>Waits for the process to end by itself and returns its exit code; fails the test after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await Process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the process did not end in {timeout.TotalSeconds:0} s:\n{Output}");
        }

        Process.WaitForExit(); // the last lines of output
        return Process.ExitCode;
    }

    /// <summary>Kills the process and its children at once (SIGKILL: no clean-up runs), and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        Process.Kill(entireProcessTree: true);
        await Process.WaitForExitAsync();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lines.Enqueue(line);
        while (lines.Count > 200 && lines.TryDequeue(out _))
        {
            // only the last lines matter for a failure's message
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            await KillAsync();
        }

        Process.Dispose();
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
