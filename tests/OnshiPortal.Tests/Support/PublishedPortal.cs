using System.Diagnostics;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// The portal as <c>dotnet publish</c> makes it for a node (docs/operations.md, "Install a node"): published once per
/// test run, from the build the tests were built with (<c>--no-build</c>: a copy, a few seconds, not a second
/// compilation), into a temporary folder of this run that is removed when the run ends.
/// </summary>
public static class PublishedPortal
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static readonly Lazy<Task<string>> Published = new(PublishAsync);

    /// <summary>The publish output: the executable <c>OnshiPortal</c>, its assemblies, and <c>wwwroot/</c>.</summary>
    public static Task<string> FolderAsync() => Published.Value;

    private static async Task<string> PublishAsync()
    {
        var output = Directory.CreateTempSubdirectory($"onshi-publish-{Environment.ProcessId}-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(output, recursive: true);
            }
            catch (IOException)
            {
                // left to the OS's temp clean-up
            }
        };

        var start = new ProcessStartInfo(PortalProcess.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "publish", Path.Combine(RepositoryPaths.Root, "src", "OnshiPortal", "OnshiPortal.csproj"), "-c", Configuration, "--no-build", "-o", output, "--nologo" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var publish = Process.Start(start)!;
        var stdout = publish.StandardOutput.ReadToEndAsync();
        var stderr = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0 || !File.Exists(Path.Combine(output, "OnshiPortal")))
        {
            throw new InvalidOperationException($"dotnet publish failed ({publish.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        return output;
    }
}
