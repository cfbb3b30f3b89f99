using System.Collections.Concurrent;
using System.Diagnostics;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// The portal's own program as a child process, the way a node runs it (<c>dotnet OnshiPortal.dll</c>) or an operator
/// runs <c>onshi VERB</c>: configured by environment variables, in a temporary folder of its own. A test may kill it
/// (the whole process tree) as a node dies. Its output is kept for the test's messages.
/// <para>
/// <see cref="Start"/> runs the build beside the tests; <see cref="StartPublishedAsync"/> runs the published app
/// (<see cref="PublishedPortal"/>) the way deploy/systemd/onshi-portal.service does: its own executable, in a working
/// folder the test chooses, in Production.
/// </para>
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> lines = new();

    /// <summary>The working folder when the process made it (deleted on dispose); null when the test gave its own.</summary>
    private readonly string? ownFolder;

    private PortalProcess(string? program, string executable, string? workingFolder, IReadOnlyDictionary<string, string> environment, string[] args)
    {
        if (workingFolder is null)
        {
            ownFolder = Directory.CreateTempSubdirectory("onshi-process-").FullName;
        }

        WorkingFolder = workingFolder ?? ownFolder!;
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = WorkingFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (program is not null)
        {
            start.ArgumentList.Add(program);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        // A node runs in Production (no environment set), which refuses to start without the key-encryption certificate.
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment["DataProtection__Certificate__Path"] = TestKeyCertificate.Path;
        if (program is null)
        {
            // The published executable finds the runtime the tests run on, as the installed one finds the system's.
            start.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(DotnetHost)!;
        }

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

    /// <summary>The <c>dotnet</c> host running the tests.</summary>
    public static string DotnetHost { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : ResolveDotnet();

    /// <summary>The process's working folder (its <c>data/</c> and every relative path of its settings are under it).</summary>
    public string WorkingFolder { get; }

    public Process Process { get; }

    /// <summary>What the process printed on either stream so far (the last lines).</summary>
    public string Output => string.Join('\n', lines);

    /// <summary>Starts <c>dotnet OnshiPortal.dll ARGS</c> with the given settings (configuration keys with <c>__</c>).</summary>
    public static PortalProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        new(Path.Combine(AppContext.BaseDirectory, "OnshiPortal.dll"), DotnetHost, null, environment, args); // the build beside the tests' own (the project reference copies it)

    /// <summary>
    /// Starts the published app's executable (<c>OnshiPortal ARGS</c>, as systemd's ExecStart) in
    /// <paramref name="workingFolder"/>, which the test owns (it is not deleted on dispose), in Production unless the
    /// settings say otherwise. The app is published once per test run (<see cref="PublishedPortal"/>).
    /// </summary>
    public static async Task<PortalProcess> StartPublishedAsync(string workingFolder, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var folder = await PublishedPortal.FolderAsync();
        return new PortalProcess(null, Path.Combine(folder, "OnshiPortal"), workingFolder, environment, args);
    }

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

    /// <summary>Waits until the node answers <c>/readyz</c> with 200 at <paramref name="baseAddress"/>; fails the test if it ends first or after 90 s.</summary>
    public async Task UntilReadyAsync(Uri baseAddress)
    {
        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                using var response = await probe.GetAsync("/readyz");
                if (response.StatusCode == System.Net.HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            Assert.False(Process.HasExited, $"the node ended before it was ready:\n{Output}");
            Assert.True(DateTime.UtcNow < deadline, $"the node was not ready after 90 s:\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>The same on loopback at <paramref name="port"/>.</summary>
    public Task UntilReadyAsync(int port) => UntilReadyAsync(new Uri($"http://127.0.0.1:{port}"));

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
        if (ownFolder is null)
        {
            return;
        }

        try
        {
            Directory.Delete(ownFolder, recursive: true);
        }
        catch (IOException)
        {
            // left to the OS's temp clean-up
        }
    }

    private static string ResolveDotnet()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "dotnet");
            if (File.Exists(candidate))
            {
                return new FileInfo(candidate).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? candidate;
            }
        }

        return "dotnet";
    }
}
