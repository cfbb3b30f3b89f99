using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// axe-core's script (tests/e2e-tools/node_modules/axe-core/axe.min.js, 654 KB) served to the checked pages by a
/// Kestrel of the test process's own on a loopback port, with a year's cache lifetime. Injected as its text, it went
/// through Playwright's driver and was compiled again in every checked document (about 0.4 s of Chromium's CPU a
/// page); from a URL, a context fetches it once and Chromium reuses what it compiled (docs/benchmarks.md, "axe-core
/// from a URL").
/// </summary>
internal static class AxeScript
{
    private static readonly Lazy<Task<Uri>> Served = new(ServeAsync);

    /// <summary>Where the pages load axe-core from; the server starts on first use and lives as long as the process.</summary>
    public static Task<Uri> AddressAsync() => Served.Value;

    private static async Task<Uri> ServeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var folder = new PhysicalFileProvider(Path.Combine(RepositoryPaths.Root, "tests", "e2e-tools", "node_modules", "axe-core"));
        app.MapGet("/axe.min.js", async context =>
        {
            context.Response.ContentType = "text/javascript; charset=utf-8";
            context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            await context.Response.SendFileAsync(folder.GetFileInfo("axe.min.js"), context.RequestAborted);
        });
        await app.StartAsync();
        // After the start, the address Kestrel bound for port 0.
        return new Uri(new Uri(app.Urls.Single()), "/axe.min.js");
    }
}
