using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.Configuration.Json;

namespace OnshiPortal.Infrastructure.Web;

public static class PortalConfiguration
{
    private const string WebRootFolder = "wwwroot";

    /// <summary>
    /// The builder's options. A node runs the published app from its own folder (<c>/opt/onshi</c>) with the
    /// working folder elsewhere (<c>/var/lib/onshi</c>, where <c>data/</c> and every relative path of the settings
    /// live), so the content root, which is the working folder, has no <c>wwwroot</c>: the style sheet and scripts
    /// are beside the program. Without this the static assets endpoints answered 200 with no body.
    /// </summary>
    public static WebApplicationOptions BuilderOptions(string[] args) => new()
    {
        Args = args,
        WebRootPath = PublishedWebRoot(args),
    };

    /// <summary>
    /// The published <c>wwwroot</c> beside the program, when the working folder has none of its own and the operator
    /// named no web root (<c>ASPNETCORE_WEBROOT</c>, <c>--webroot</c>); else null, the framework's default. A build
    /// (not a publish) has no <c>wwwroot</c> beside it: its assets come from the source tree through the build's
    /// static web assets manifest (<see cref="UseBuildAssetsOutsideDevelopment"/>).
    /// </summary>
    public static string? PublishedWebRoot(string[] args)
    {
        var named = new ConfigurationBuilder().AddEnvironmentVariables("ASPNETCORE_").AddCommandLine(args).Build()[WebHostDefaults.WebRootKey];
        if (!string.IsNullOrEmpty(named))
        {
            return null;
        }

        var contentRoot = new ConfigurationBuilder().AddEnvironmentVariables("ASPNETCORE_").AddCommandLine(args).Build()[WebHostDefaults.ContentRootKey]
            ?? Directory.GetCurrentDirectory();
        if (Directory.Exists(Path.Combine(contentRoot, WebRootFolder)))
        {
            return null;
        }

        var besideTheApp = Path.Combine(AppContext.BaseDirectory, WebRootFolder);
        return Directory.Exists(besideTheApp) ? besideTheApp : null;
    }

    /// <summary>
    /// A build run outside Development (a node started from <c>bin/</c>, as the tests' and benches' child processes
    /// do): its assets come from the source tree through the build's static web assets manifest, as Development does
    /// by itself. A published app has no such manifest, and this does nothing there.
    /// </summary>
    public static void UseBuildAssetsOutsideDevelopment(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment() && !Directory.Exists(builder.Environment.WebRootPath))
        {
            builder.WebHost.UseStaticWebAssets();
        }
    }

    /// <summary>
    /// Every static asset the app serves must be there at start: a missing file is otherwise answered with 200 and
    /// an empty body (unstyled pages, no passkeys), which no probe notices. Outside Development the node refuses to
    /// start, saying which file is missing from which web root.
    /// </summary>
    public static void RequireStaticAssets(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            return;
        }

        var files = app.Environment.WebRootFileProvider;
        var missing = ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(source => source.Endpoints)
            .Select(endpoint => endpoint.Metadata.GetMetadata<StaticAssetDescriptor>()?.AssetPath)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Where(path => !files.GetFileInfo(path).Exists)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (missing.Count > 0)
        {
            var webRoot = string.IsNullOrEmpty(app.Environment.WebRootPath) ? $"(none: no wwwroot in {app.Environment.ContentRootPath} nor beside the program)" : app.Environment.WebRootPath;
            var message = $"The web root {webRoot} lacks {missing.Count} of the app's static assets ({string.Join(", ", missing.Take(5))}): "
                + "install the whole publish output (its wwwroot beside the program) or set ASPNETCORE_WEBROOT. / 静的ファイルが見つからないため起動しません。";
            app.Logger.LogCritical("{Message}", message);
            throw new InvalidOperationException(message);
        }
    }

    /// <summary>
    /// The program runs from the repository root (<c>dotnet run --project src/OnshiPortal</c>), so the current folder,
    /// where <c>data/</c> lives, is not where appsettings.json was built to. Read the built copy first, so that the
    /// content root's copy (when there is one), environment variables and arguments still win.
    /// </summary>
    public static void AddBuiltSettings(this ConfigurationManager configuration, string environmentName)
    {
        var contentRoot = Path.GetFullPath(((IConfiguration)configuration)[WebHostDefaults.ContentRootKey] ?? Directory.GetCurrentDirectory());
        var baseDirectory = Path.GetFullPath(AppContext.BaseDirectory);
        if (string.Equals(contentRoot.TrimEnd('/'), baseDirectory.TrimEnd('/'), StringComparison.Ordinal))
        {
            return;
        }

        // The built files themselves as the first sources, not a copy of their keys in a memory source: the copy walked
        // the whole tree again at each rebuild of the sources (AsEnumerable asks every section for its children, each
        // ask a sort of all the files' keys), about a tenth of the CPU of a test app's start (docs/benchmarks.md, "Test
        // suite"). Only the files that are there, as the copy held: every source, an empty one too, sorts the keys of
        // the sources before it again whenever a section is asked for its children, as the options bound at start do.
        var sources = (IList<IConfigurationSource>)((IConfigurationBuilder)configuration).Sources;
        var position = 0;
        foreach (var name in new[] { "appsettings.json", $"appsettings.{environmentName}.json" })
        {
            var path = Path.Combine(baseDirectory, name);
            if (File.Exists(path))
            {
                var source = new JsonConfigurationSource { Path = path, Optional = true, ReloadOnChange = false };
                source.ResolveFileProvider(); // the file's own folder, not the content root's provider the builder would give it
                sources.Insert(position++, source);
            }
        }
    }
}
