using Spectre.Console;

namespace OnshiPortal.Infrastructure.CommandLine;

/// <summary>Progress bars on the command line for the long steps: one bar per phase, as the work reports it.</summary>
public static class ProgressDisplay
{
    public static async Task<T> RunAsync<T>(CommandConsole console, Func<IProgress<WorkProgress>, Task<T>> work)
    {
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Out) });
        T result = default!;
        await ansi.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                // Progress<T> runs each report on the thread pool (a console has no synchronization context): reports
                // of parallel work, and a late one, may run at once with each other and with the finish below.
                var tasks = new Dictionary<string, ProgressTask>();
                var gate = new Lock();
                var reporter = new Progress<WorkProgress>(p =>
                {
                    lock (gate)
                    {
                        if (!tasks.TryGetValue(p.Phase, out var task))
                        {
                            task = tasks[p.Phase] = progress.AddTask(p.Phase, maxValue: Math.Max(1, p.Total));
                        }

                        task.MaxValue = Math.Max(1, p.Total);
                        task.Value = p.Total == 0 ? 1 : p.Done;
                    }
                });
                result = await work(reporter);
                lock (gate)
                {
                    foreach (var task in tasks.Values)
                    {
                        task.Value = task.MaxValue;
                    }
                }
            });
        return result;
    }
}
