using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace OnshiPortal.Bench;

/// <summary>
/// The two-node run (bench/cluster.sh): visits through nginx's HTTPS address at an open-loop rate, half of them a login
/// through the real form (GET, antiforgery token, POST) and half page reads (the home page and the news list, as an
/// anonymous visitor reads them). Prints one tab-separated row: the configuration, the offered and achieved rates,
/// the answers by class and the latencies, so that bench/cluster.sh compares one node with two on the same machine.
/// </summary>
internal static class ClusterBench
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string label, int accounts, double rate, double seconds, string url, string certificatePem)
    {
        // nginx's certificate is the run's own, self-signed: trusted by its hash, as a pinned certificate.
        var expected = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(certificatePem)).GetCertHashString();
        using var client = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = int.MaxValue,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == expected },
        })
        { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        var form = LoginForm.For("portal");
        var logins = new ConcurrentBag<LoginResult>();
        var reads = new ConcurrentBag<(int Status, double Ms)>();
        var count = (int)Math.Round(rate * seconds);
        var visits = new List<Task>(count);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var wait = TimeSpan.FromSeconds(i / rate) - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var visit = i;
            visits.Add(Task.Run(async () =>
            {
                if (visit % 2 == 0)
                {
                    var account = (visit / 2) % accounts;
                    logins.Add(await VirtualLogin.RunAsync(client, form, LoadSeed.Email(account), LoadSeed.Password, "127.0.0.1"));
                }
                else
                {
                    reads.Add(await ReadAsync(client, visit % 4 == 1 ? "/" : "/news"));
                }
            }));
        }

        await Task.WhenAll(visits);
        var elapsed = clock.Elapsed.TotalSeconds;
        var loginMs = logins.Select(l => l.PairMs).Order().ToList();
        var readMs = reads.Select(r => r.Ms).Order().ToList();
        var ok = logins.Count(l => l.Outcome == LoginOutcome.Success) + reads.Count(r => r.Status == 200);
        var tooMany = logins.Count(l => l.Outcome == LoginOutcome.TooManyRequests) + reads.Count(r => r.Status == 429);
        var serverErrors = logins.Count(l => l.Outcome == LoginOutcome.ServerError) + reads.Count(r => r.Status >= 500);
        var transport = logins.Count(l => l.Outcome == LoginOutcome.Transport) + reads.Count(r => r.Status == 0);
        var other = count - ok - tooMany - serverErrors - transport;
        string F(double value) => value.ToString("0.0", Invariant);
        Console.WriteLine(string.Join('\t',
            label, F(rate), F(ok / elapsed), count.ToString(Invariant), ok.ToString(Invariant), tooMany.ToString(Invariant),
            serverErrors.ToString(Invariant), transport.ToString(Invariant), other.ToString(Invariant),
            F(Percentile(loginMs, 0.5)), F(Percentile(loginMs, 0.99)), F(Percentile(readMs, 0.5)), F(Percentile(readMs, 0.99))));
        return 0;
    }

    private static async Task<(int Status, double Ms)> ReadAsync(HttpClient client, string path)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            using var response = await client.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            return ((int)response.StatusCode, clock.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return (0, clock.Elapsed.TotalMilliseconds);
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
