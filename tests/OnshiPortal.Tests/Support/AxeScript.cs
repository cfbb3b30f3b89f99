using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// axe-core's script (tests/e2e-tools/node_modules/axe-core/axe.min.js, 654 KB) served to the checked pages from a
/// loopback port of the test process, with a year's cache lifetime. Injected as its text, it went through Playwright's
/// driver and was compiled again in every checked document (about 0.4 s of Chromium's CPU a page); from a URL, a
/// context fetches it once and Chromium reuses what it compiled (docs/benchmarks.md, "axe-core from a URL").
/// </summary>
internal static class AxeScript
{
    private static readonly Lazy<Uri> Served = new(Serve);

    /// <summary>Where the pages load axe-core from; the listener starts on first use and lives as long as the process.</summary>
    public static Uri Address => Served.Value;

    private static Uri Serve()
    {
        var body = File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "tests", "e2e-tools", "node_modules", "axe-core", "axe.min.js"));
        var head = Encoding.ASCII.GetBytes(
            "HTTP/1.1 200 OK\r\nContent-Type: text/javascript; charset=utf-8\r\n" +
            $"Content-Length: {body.Length}\r\nCache-Control: public, max-age=31536000, immutable\r\n\r\n");
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync();
                _ = Task.Run(() => AnswerAsync(client, head, body));
            }
        });
        return new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/axe.min.js");
    }

    /// <summary>
    /// Answers every request on the connection with the script: the only thing asked of this port is a GET of it,
    /// and Chromium keeps the connection for the next one.
    /// </summary>
    private static async Task AnswerAsync(TcpClient client, byte[] head, byte[] body)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var buffer = new byte[4096];
                var endOfHeaders = 0; // how much of "\r\n\r\n" the bytes read so far end with
                int read;
                while ((read = await stream.ReadAsync(buffer)) > 0)
                {
                    for (var i = 0; i < read; i++)
                    {
                        endOfHeaders = buffer[i] == "\r\n\r\n"[endOfHeaders] ? endOfHeaders + 1 : buffer[i] == '\r' ? 1 : 0;
                        if (endOfHeaders == 4)
                        {
                            endOfHeaders = 0;
                            await stream.WriteAsync(head);
                            await stream.WriteAsync(body);
                        }
                    }
                }
            }
            catch (IOException)
            {
                // Chromium closed the connection (its context or browser ended): nothing is owed to it.
            }
        }
    }
}
