using System.Diagnostics;
using System.Globalization;

namespace OnshiPortal.Bench;

/// <summary>
/// <c>load URL portal|stock ACCOUNTS RATES SECONDS SERVER_PID OUT.tsv [POSTMASTER_PID]</c>: logins at rising rates (RATES, comma
/// separated, logins/s), each step SECONDS long, open loop: login i starts at i / rate whatever happened to the ones
/// before, so an app that falls behind shows it as latency and a missed rate, not as a politely slower client.
/// A step is sustained when every login of it succeeded, the achieved rate (successes over the time until the last
/// answer) is at least 95% of the offered one, and the p99 of a whole login (form page + post) is at most 1 s. The
/// rise stops after two steps in a row that are not; then one step at twice the highest sustained rate.
/// </summary>
internal static class LoadBench
{
    private const double P99BoundMs = 1000;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static int nextAccount;

    public static async Task<int> RunAsync(string url, string flavour, int accounts, double[] rates, double seconds, int serverPid, string outFile, int postmasterPid)
    {
        ThreadPool.SetMinThreads(Math.Max(64, Environment.ProcessorCount * 8), 64); // the generator must not queue behind its own pool
        using var client = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false, // each login keeps its own (VirtualLogin)
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = int.MaxValue,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        })
        { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        var form = LoginForm.For(flavour);
        var run = new Runner(client, form, accounts, serverPid, postmasterPid);

        var warm = await run.StepAsync(rates[0], 3);
        Console.WriteLine($"{flavour}: warm-up {warm.Ok}/{warm.Count} logins succeeded (not counted)");
        Console.WriteLine(Step.Header);
        var steps = new List<(string Label, Step Step)>();
        var failedInARow = 0;
        foreach (var rate in rates)
        {
            var step = await run.StepAsync(rate, seconds);
            steps.Add(("rise", step));
            Console.WriteLine(step.Row("rise"));
            failedInARow = step.Sustained ? 0 : failedInARow + 1;
            if (failedInARow == 2)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(2)); // the queues of the step before empty out
        }

        var sustained = steps.Where(s => s.Step.Sustained).Select(s => s.Step.Offered).DefaultIfEmpty(0).Max();
        if (sustained > 0)
        {
            var overload = await run.StepAsync(2 * sustained, seconds);
            steps.Add(("2x", overload));
            Console.WriteLine(overload.Row("2x"));
        }

        await File.AppendAllLinesAsync(outFile, steps.Select(s => s.Step.Tsv(flavour, s.Label)));
        Console.WriteLine(string.Create(Invariant, $"SUSTAINED={sustained:F1}"));
        return 0;
    }

    private sealed class Runner(HttpClient client, LoginForm form, int accounts, int serverPid, int postmasterPid)
    {
        public async Task<Step> StepAsync(double rate, double seconds)
        {
            var count = (int)Math.Round(rate * seconds);
            var machine0 = MachineCpu();
            var server0 = ProcessCpuSeconds(serverPid);
            var database0 = PostgresCpuSeconds(postmasterPid);
            var self0 = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            var clock = Stopwatch.StartNew();
            var logins = new List<Task<LoginResult>>(count);
            for (var i = 0; i < count; i++)
            {
                var wait = TimeSpan.FromSeconds(i / rate) - clock.Elapsed;
                if (wait > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(wait);
                }

                // Behind schedule (a late timer), the next ones start at once: the average rate is the offered one.
                var account = Interlocked.Increment(ref nextAccount) % accounts;
                logins.Add(Task.Run(() => VirtualLogin.RunAsync(client, form, LoadSeed.Email(account), LoadSeed.Password, ClientAddress(account))));
            }

            var results = await Task.WhenAll(logins);
            var elapsed = clock.Elapsed.TotalSeconds;
            var machine1 = MachineCpu();
            return new Step(rate, elapsed, results)
            {
                ServerCpuSeconds = ProcessCpuSeconds(serverPid) - server0,
                DatabaseCpuSeconds = PostgresCpuSeconds(postmasterPid) - database0,
                GeneratorCpuSeconds = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds - self0,
                MachineBusy = (machine1.Busy - machine0.Busy) / Math.Max(1, machine1.Total - machine0.Total),
            };
        }

        /// <summary>One address per simulated clinic (10.0.0.1 …), as nginx would forward it.</summary>
        private static string ClientAddress(int account) => $"10.{(account + 1) >> 16 & 255}.{(account + 1) >> 8 & 255}.{(account + 1) & 255}";
    }

    /// <summary>/proc/PID/stat: utime, stime (and the reaped children's cutime, cstime) in clock ticks, 100 a second on Linux.</summary>
    private static double ProcessCpuSeconds(int pid, bool withReapedChildren = false)
    {
        var fields = StatFields(pid);
        if (fields is null)
        {
            return 0;
        }

        var ticks = long.Parse(fields[11], Invariant) + long.Parse(fields[12], Invariant)
            + (withReapedChildren ? long.Parse(fields[13], Invariant) + long.Parse(fields[14], Invariant) : 0);
        return ticks / 100.0;
    }

    /// <summary>The PostgreSQL server's CPU: the postmaster, its live backends (its children) and those that have ended.</summary>
    private static double PostgresCpuSeconds(int postmasterPid)
    {
        if (postmasterPid <= 0)
        {
            return 0;
        }

        var children = Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && StatFields(pid) is { } f && f[1] == postmasterPid.ToString(Invariant));
        return ProcessCpuSeconds(postmasterPid, withReapedChildren: true) + children.Sum(pid => ProcessCpuSeconds(pid));
    }

    /// <summary>The fields after the command name (which may contain spaces): [0] state, [1] parent pid, …</summary>
    private static string[]? StatFields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null; // the process ended meanwhile
        }
    }

    private static (double Busy, double Total) MachineCpu()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(f => double.Parse(f, Invariant)).ToArray();
        var total = fields.Sum();
        return (total - fields[3] - fields[4], total); // idle and iowait are not busy
    }
}

internal sealed class Step(double offered, double elapsed, LoginResult[] results)
{
    public const string Header = "step  offered/s  achieved/s  post p50 ms  post p99 ms  login p50 ms  login p99 ms     ok    429    5xx  trans  other  app CPU  machine  CPU ms/login app+db+gen";

    public double Offered => offered;

    public int Count => results.Length;

    public int Ok => results.Count(r => r.Outcome == LoginOutcome.Success);

    public double Achieved => Ok / elapsed;

    public double ServerCpuSeconds { get; init; }

    public double DatabaseCpuSeconds { get; init; }

    public double GeneratorCpuSeconds { get; init; }

    private double ServerCpu => ServerCpuSeconds / elapsed / Environment.ProcessorCount;

    /// <summary>CPU milliseconds a login (each attempt of the step) cost the app, PostgreSQL and the generator.</summary>
    private (double App, double Database, double Generator) CpuPerLogin => Count == 0 ? default
        : (1000 * ServerCpuSeconds / Count, 1000 * DatabaseCpuSeconds / Count, 1000 * GeneratorCpuSeconds / Count);

    public double MachineBusy { get; init; }

    private List<double> Post => [.. results.Where(r => r.Outcome == LoginOutcome.Success).Select(r => r.PostMs).Order()];

    private List<double> Pair => [.. results.Where(r => r.Outcome == LoginOutcome.Success).Select(r => r.PairMs).Order()];

    private int Of(LoginOutcome outcome) => results.Count(r => r.Outcome == outcome);

    public bool Sustained => Ok == Count && Achieved >= 0.95 * offered && Percentile(Pair, 0.99) <= 1000;

    public string Row(string label) => string.Create(CultureInfo.InvariantCulture,
        $"{label,-4}  {offered,9:F1}  {Achieved,10:F1}  {Percentile(Post, 0.5),11:F0}  {Percentile(Post, 0.99),11:F0}  {Percentile(Pair, 0.5),12:F0}  {Percentile(Pair, 0.99),12:F0}  {Ok,5}  {Of(LoginOutcome.TooManyRequests),5}  {Of(LoginOutcome.ServerError),5}  {Of(LoginOutcome.Transport),5}  {Of(LoginOutcome.Refused),5}  {ServerCpu,7:P0}  {MachineBusy,7:P0}  {CpuPerLogin.App,5:F0} + {CpuPerLogin.Database,3:F0} + {CpuPerLogin.Generator,3:F0}{(Sustained ? "  sustained" : string.Empty)}");

    /// <summary>app, step, offered, achieved, post p50, post p99, login p50, login p99, ok, 429 (with Retry-After), 5xx, transport, other, sustained, app CPU share, machine busy, CPU ms a login of app, database, generator.</summary>
    public string Tsv(string app, string label) => string.Join('\t', new object[]
    {
        app, label, offered, Achieved, Percentile(Post, 0.5), Percentile(Post, 0.99), Percentile(Pair, 0.5), Percentile(Pair, 0.99), Ok,
        Of(LoginOutcome.TooManyRequests), results.Count(r => r.Outcome == LoginOutcome.TooManyRequests && r.RetryAfter), Of(LoginOutcome.ServerError),
        Of(LoginOutcome.Transport), Of(LoginOutcome.Refused), Sustained, ServerCpu, MachineBusy, CpuPerLogin.App, CpuPerLogin.Database, CpuPerLogin.Generator,
    }.Select(v => v is double d ? d.ToString("F3", CultureInfo.InvariantCulture) : Convert.ToString(v, CultureInfo.InvariantCulture)));

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
}
