using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// Debian's nginx on loopback, with the repository's own load-balancer configuration (deploy/nginx/onshi.conf) whose
/// node addresses, ports, certificate and log paths are replaced by the test's. Stopped and removed on dispose.
/// </summary>
public sealed class LoopbackNginx : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/nginx";

    private readonly string folder = Directory.CreateTempSubdirectory("onshi-nginx-").FullName;
    private Process? process;

    public int Port { get; } = LoopbackSmtpServer.FreePort();

    public string AccessLog => Path.Combine(folder, "onshi.access.log");

    /// <summary>The SHA-1 hash of the self-signed certificate nginx serves, for the test's client to check.</summary>
    public string CertificateHash { get; private set; } = string.Empty;

    /// <summary>Skips where nginx is not installed (only outside CI; tests/run.sh installs it).</summary>
    public static void Require()
    {
        if (!File.Exists(Binary) && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Skip($"{Binary} is not installed: tests/run.sh installs Debian's nginx.");
        }
    }

    public static async Task<LoopbackNginx> StartAsync(params int[] nodePorts)
    {
        var nginx = new LoopbackNginx();
        await nginx.WriteConfigurationAsync(nodePorts);
        nginx.process = Process.Start(new ProcessStartInfo(Binary, ["-p", nginx.folder, "-e", Path.Combine(nginx.folder, "startup.log"), "-c", Path.Combine(nginx.folder, "nginx.conf"), "-g", "daemon off; master_process off;"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        for (var tries = 0; ; tries++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(System.Net.IPAddress.Loopback, nginx.Port);
                return nginx;
            }
            catch (SocketException) when (tries < 100 && !nginx.process.HasExited)
            {
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                throw new InvalidOperationException("nginx did not start: " + await nginx.process.StandardError.ReadToEndAsync());
            }
        }
    }

    /// <summary>A browser of the portal's public address: HTTPS through this nginx, whose certificate is the test's own.</summary>
    public HttpClient Browser() => new(new System.Net.Http.SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = true,
        CookieContainer = new System.Net.CookieContainer(),
        SslOptions = new System.Net.Security.SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == CertificateHash },
    })
    {
        BaseAddress = new Uri($"https://localhost:{Port}"),
    };

    /// <summary>The upstream addresses (node ports) that served the requests logged so far.</summary>
    public async Task<HashSet<string>> NodesThatAnsweredAsync()
    {
        var lines = await File.ReadAllLinesAsync(AccessLog);
        return [.. lines.Select(l => l.Split("node=", 2) is [_, var rest] ? rest.Split(' ')[0] : "").Where(n => n.Length > 0)];
    }

    private async Task WriteConfigurationAsync(int[] nodePorts)
    {
        var site = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "deploy", "nginx", "onshi.conf"));
        var (certificate, key, hash) = SelfSignedPem();
        CertificateHash = hash;
        await File.WriteAllTextAsync(Path.Combine(folder, "cert.pem"), certificate);
        await File.WriteAllTextAsync(Path.Combine(folder, "key.pem"), key);
        site = site
            .Replace("10.0.0.11:5080", $"127.0.0.1:{nodePorts[0]}", StringComparison.Ordinal)
            .Replace("10.0.0.12:5080", $"127.0.0.1:{nodePorts[1]}", StringComparison.Ordinal)
            .Replace("listen [::]:80;", string.Empty, StringComparison.Ordinal)
            .Replace("listen [::]:443 ssl http2;", string.Empty, StringComparison.Ordinal)
            .Replace("listen 80;", $"listen 127.0.0.1:{LoopbackSmtpServer.FreePort()};", StringComparison.Ordinal)
            .Replace("listen 443 ssl http2;", $"listen 127.0.0.1:{Port} ssl http2;", StringComparison.Ordinal)
            .Replace("/etc/ssl/certs/portal.example.jp.pem", Path.Combine(folder, "cert.pem"), StringComparison.Ordinal)
            .Replace("/etc/ssl/private/portal.example.jp.key", Path.Combine(folder, "key.pem"), StringComparison.Ordinal)
            .Replace("/var/log/nginx/", folder + "/", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(folder, "onshi.conf"), site);
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), $$"""
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log;
            events { worker_connections 512; }
            http {
                client_body_temp_path {{folder}}/body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                access_log off;
                include {{folder}}/onshi.conf;
            }
            """);
    }

    private static (string Certificate, string Key, string Hash) SelfSignedPem()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), certificate.GetCertHashString());
    }

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process?.Dispose();
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
