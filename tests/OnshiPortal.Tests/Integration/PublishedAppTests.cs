using System.IO.Compression;
using System.Net;
using System.Net.Security;
using System.Text.RegularExpressions;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// The portal installed as docs/operations.md installs a node: the published app in its own folder, started by its
/// executable from another working folder (the stand-in for /var/lib/onshi), in Production, configured by environment
/// variables, behind the loopback nginx with deploy/nginx/onshi.conf for TLS. The way the suite's other tests never
/// ran it, and the way a node once served its style sheet and scripts as 200 with 0 bytes.
/// </summary>
[Collection(OwnProcesses.Name)]
public sealed partial class PublishedAppTests
{
    [Fact]
    public async Task Published_and_run_from_another_folder_in_production_it_serves_the_built_style_sheet_and_scripts_whole()
    {
        LoopbackNginx.Require();
        var workingFolder = Directory.CreateTempSubdirectory("onshi-var-lib-").FullName;
        try
        {
            var port = LoopbackSmtpServer.FreePort();
            await using var nginx = await LoopbackNginx.StartAsync(port, port); // one node behind both upstreams
            await using var node = await PortalProcess.StartPublishedAsync(workingFolder, new Dictionary<string, string>
            {
                ["Urls"] = $"http://127.0.0.1:{port}",
                ["ForwardedHeaders__KnownProxies"] = "127.0.0.1",
                ["Mail__BaseUrl"] = $"https://localhost:{nginx.Port}",
                ["Demo__Seed"] = "false",
            });
            await node.UntilReadyAsync(port);

            using var browser = nginx.Browser();
            var page = await browser.GetStringAsync("/login");
            var assets = AssetLinks().Matches(page).Select(m => m.Groups["path"].Value).Distinct().ToList();
            Assert.Contains(assets, a => a.EndsWith(".css", StringComparison.Ordinal));
            Assert.Contains(assets, a => a.EndsWith(".js", StringComparison.Ordinal));

            var published = await PublishedPortal.FolderAsync();
            foreach (var asset in assets)
            {
                // The fingerprinted name (/css/portal.<hash>.css) stands for the file css/portal.css.
                var file = Fingerprint().Replace(asset.TrimStart('/'), "$1$2");
                var built = await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Root, "src", "OnshiPortal", "wwwroot", file));
                Assert.NotEmpty(built);
                Assert.Equal(built, await File.ReadAllBytesAsync(Path.Combine(published, "wwwroot", file)));

                var plain = await browser.GetAsync(asset);
                Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
                var served = await plain.Content.ReadAsByteArrayAsync();
                Assert.True(built.SequenceEqual(served), $"{asset}: {served.Length} bytes, not the built {file} ({built.Length} bytes)");

                // The precompressed copy a browser gets, once unpacked, is the same file.
                using var request = new HttpRequestMessage(HttpMethod.Get, asset);
                request.Headers.AcceptEncoding.ParseAdd("gzip");
                var compressed = await browser.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, compressed.StatusCode);
                Assert.Equal("gzip", Assert.Single(compressed.Content.Headers.ContentEncoding));
                await using var unpacked = new GZipStream(await compressed.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
                using var copy = new MemoryStream();
                await unpacked.CopyToAsync(copy);
                Assert.True(built.SequenceEqual(copy.ToArray()), $"{asset}: the gzip copy is not the built {file}");
            }

            // The relative data paths stay under the working folder, not beside the program.
            Assert.True(File.Exists(Path.Combine(workingFolder, "data", "onshi.db")), "data/onshi.db is under the working folder");
            Assert.False(Directory.Exists(Path.Combine(published, "data")));

            // Plain HTTP straight to the node (what nginx's port 80 or a misrouted client does): a redirect to the
            // public https address for a page, a clear page for a post, and the probes as they are.
            using var direct = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var redirect = await direct.GetAsync("/login?id=A1");
            Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.StatusCode);
            Assert.Equal($"https://localhost:{nginx.Port}/login?id=A1", redirect.Headers.Location?.ToString());
            var post = await direct.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = "a@b.example", ["Input.Password"] = "x" }));
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
            Assert.Contains("https://", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await direct.GetAsync("/healthz")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await direct.GetAsync("/readyz")).StatusCode);
            Assert.DoesNotContain("\"LogLevel\":\"Error\"", node.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(workingFolder, recursive: true);
        }
    }

    [Fact]
    public async Task A_published_node_whose_web_root_is_missing_refuses_to_start_and_says_why()
    {
        // A copy of the publish output without wwwroot: the install an operator gets by copying only the program.
        var published = await PublishedPortal.FolderAsync();
        var partial = Directory.CreateTempSubdirectory("onshi-partial-install-").FullName;
        var workingFolder = Directory.CreateTempSubdirectory("onshi-var-lib-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(published))
            {
                File.Copy(file, Path.Combine(partial, Path.GetFileName(file)));
            }

            var program = Path.Combine(partial, "OnshiPortal"); // File.Copy keeps the executable's mode
            var start = new System.Diagnostics.ProcessStartInfo(program)
            {
                WorkingDirectory = workingFolder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment =
                {
                    ["DOTNET_ROOT"] = Path.GetDirectoryName(PortalProcess.DotnetHost)!,
                    ["DataProtection__Certificate__Path"] = TestKeyCertificate.Path,
                    ["Urls"] = $"http://127.0.0.1:{LoopbackSmtpServer.FreePort()}",
                    ["Demo__Seed"] = "false",
                },
            };
            start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
            using var process = System.Diagnostics.Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await process.WaitForExitAsync(timeout.Token);
            var said = await output + await error;
            Assert.NotEqual(0, process.ExitCode);
            Assert.Contains("static assets", said, StringComparison.Ordinal);
            Assert.Contains("css/portal.css", said, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(partial, recursive: true);
            Directory.Delete(workingFolder, recursive: true);
        }
    }

    [GeneratedRegex("""(?:href|src)="(?<path>/(?:css|js)/[^"?#]+)""")]
    private static partial Regex AssetLinks();

    [GeneratedRegex(@"^(.+)\.[a-z0-9]+(\.(?:css|js))$")]
    private static partial Regex Fingerprint();
}
