using System.Diagnostics;
using System.Globalization;

namespace OnshiPortal.Bench;

/// <summary>
/// <c>load ACCOUNTS SHARES SECONDS OUT.tsv POSTMASTER_PID APP=URL@PID …</c> (APP portal or stock): logins at rising
/// rates, each step SECONDS long, open loop: login i starts at i / rate whatever happened to the ones before, so an
/// app that falls behind shows it as latency and a missed rate, not as a politely slower client.
/// <para>
/// The machine this runs on is a shared VM whose speed moves by a quarter, sometimes by half, within minutes (the
/// hash's limit has been measured at 22 and at 45 a second three minutes apart, with nothing else of ours running).
/// A rate in logins a second therefore means another thing from one minute to the next, and so the steps are shares
/// of the machine as it is now (SHARES, comma separated, e.g. 0.5,0.7,…,1.0): before each step the hash's limit is
/// measured (<see cref="HashLimit.Measure"/>, <see cref="ProbeSeconds"/> on every core while no app has work) and
/// the step offers that share of it; after the step it is measured again. A step is <b>steady</b> when the two
/// measurements are within <see cref="SteadyWithin"/> of each other: the machine did not change speed under it.
/// An unsteady step says nothing of the app; it is kept in the results as such and run again, up to
/// <see cref="Tries"/> times; one never steady counts as not sustained.
/// </para>
/// <para>
/// The apps run side by side and take turns at each share (the first to go alternates). A step is sustained when
/// every login of it succeeded, the achieved rate (successes over the time until the last answer) is at least 95% of
/// the offered one, and the p99 of a whole login (form page + post) is at most 1 s. An app's rise stops after two
/// steps in a row that are not; then one step at twice its highest sustained share (of the limit measured then).
/// </para>
/// </summary>
internal static class LoadBench
{
    /// <summary>Each app's first logins, not counted: long enough for the JIT's tiering to settle (it takes tens of seconds).</summary>
    private const double WarmUpSeconds = 20;

    private const double ProbeSeconds = 3;

    /// <summary>The lower of the two limits around a steady step is at least this share of the higher.</summary>
    private const double SteadyWithin = 0.9;

    private const int Tries = 3;

    public const double P99BoundMs = 1000;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static int nextAccount;

    public sealed record App(string Flavour, string Url, int Pid);

    public static async Task<int> RunAsync(int accounts, double[] shares, double seconds, string outFile, int postmasterPid, IReadOnlyList<App> apps)
    {
        ThreadPool.SetMinThreads(Math.Max(64, Environment.ProcessorCount * 8), 64); // the generator must not queue behind its own pool
        var runs = apps.Select(app => new AppRun(app.Flavour, new Runner(Client(app.Url), LoginForm.For(app.Flavour), accounts, app.Pid, postmasterPid))).ToList();
        var limit = await ProbeAsync();
        foreach (var run in runs)
        {
            var warm = await run.Runner.StepAsync(shares[0] * limit, WarmUpSeconds);
            Console.WriteLine($"{run.Flavour}: warm-up {warm.Ok}/{warm.Count} logins succeeded in {WarmUpSeconds:F0} s (not counted)");
        }

        limit = await ProbeAsync();
        Console.WriteLine("app       share  limit before/after  " + Step.Header);
        for (var i = 0; i < shares.Length; i++)
        {
            foreach (var run in (i % 2 == 0 ? runs : Enumerable.Reverse(runs)).Where(r => r.Rising).ToList())
            {
                limit = await run.RiseAsync(shares[i], seconds, limit);
            }
        }

        foreach (var run in runs.Where(r => r.SustainedShare > 0))
        {
            var step = await run.Runner.StepAsync(2 * run.SustainedShare * limit, seconds);
            limit = run.Record("2x", 2 * run.SustainedShare, step, limit, await ProbeAsync());
        }

        await File.AppendAllLinesAsync(outFile, runs.SelectMany(r => r.Rows));
        foreach (var run in runs)
        {
            Console.WriteLine(string.Create(Invariant, $"SUSTAINED {run.Flavour}={run.SustainedShare:F2}"));
        }

        return 0;
    }

    /// <summary>The hash's limit now: a pause for the apps' last answers to settle, then every core hashing.</summary>
    private static async Task<double> ProbeAsync()
    {
        await Task.Delay(TimeSpan.FromSeconds(1));
        return HashLimit.Measure(ProbeSeconds);
    }

    private static bool Steady(double before, double after) => Math.Min(before, after) >= SteadyWithin * Math.Max(before, after);

    private static HttpClient Client(string url) => new(new SocketsHttpHandler
    {
        UseCookies = false, // each login keeps its own (VirtualLogin)
        AllowAutoRedirect = false,
        MaxConnectionsPerServer = int.MaxValue,
        ConnectTimeout = TimeSpan.FromSeconds(10),
    })
    { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>One app's rise: its steps, each with the hash limit measured around it, and when to stop.</summary>
    private sealed class AppRun(string flavour, Runner runner)
    {
        private readonly List<string> rows = [];
        private int failedInARow;

        public string Flavour => flavour;

        public Runner Runner => runner;

        public bool Rising => failedInARow < 2;

        /// <summary>The highest share of the hash's limit sustained on a steady machine.</summary>
        public double SustainedShare { get; private set; }

        public IReadOnlyList<string> Rows => rows;

        /// <summary>One share, run again while the machine changes speed under it; returns the last limit measured.</summary>
        public async Task<double> RiseAsync(double share, double seconds, double limit)
        {
            for (var attempt = 1; attempt <= Tries; attempt++)
            {
                var before = limit;
                var step = await runner.StepAsync(share * before, seconds);
                limit = await ProbeAsync();
                var steady = Steady(before, limit);
                Record(steady ? "rise" : "unsteady", share, step, before, limit);
                if (steady)
                {
                    failedInARow = step.Sustained ? 0 : failedInARow + 1;
                    SustainedShare = step.Sustained ? Math.Max(SustainedShare, share) : SustainedShare;
                    return limit;
                }
            }

            failedInARow++; // never steady: not shown to be sustained
            return limit;
        }

        /// <summary>Keeps and prints the step; returns the limit measured after it, which is the next step's "before".</summary>
        public double Record(string label, double share, Step step, double before, double after)
        {
            rows.Add(string.Join('\t', step.Tsv(flavour, label), share.ToString("F3", Invariant), before.ToString("F3", Invariant), after.ToString("F3", Invariant)));
            Console.WriteLine(string.Create(Invariant, $"{flavour,-8}  {share,5:P0}  {before,6:F1} / {after,-6:F1}    {step.Row(label)}"));
            return after;
        }
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
    public const string Header = "step      offered/s  achieved/s  post p50 ms  post p99 ms  login p50 ms  login p99 ms     ok    429    5xx  trans  other  app CPU  machine  CPU ms/login app+db+gen";

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

    public bool Sustained => Ok == Count && Achieved >= 0.95 * offered && Percentile(Pair, 0.99) <= LoadBench.P99BoundMs;

    public string Row(string label) => string.Create(CultureInfo.InvariantCulture,
        $"{label,-8}  {offered,9:F1}  {Achieved,10:F1}  {Percentile(Post, 0.5),11:F0}  {Percentile(Post, 0.99),11:F0}  {Percentile(Pair, 0.5),12:F0}  {Percentile(Pair, 0.99),12:F0}  {Ok,5}  {Of(LoginOutcome.TooManyRequests),5}  {Of(LoginOutcome.ServerError),5}  {Of(LoginOutcome.Transport),5}  {Of(LoginOutcome.Refused),5}  {ServerCpu,7:P0}  {MachineBusy,7:P0}  {CpuPerLogin.App,5:F0} + {CpuPerLogin.Database,3:F0} + {CpuPerLogin.Generator,3:F0}{(Sustained ? "  sustained" : string.Empty)}");

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
