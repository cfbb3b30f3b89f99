using System.CommandLine;
using OnshiPortal.Infrastructure.CommandLine;

namespace OnshiPortal.Infrastructure.Scheduling;

/// <summary>
/// <c>onshi schedule list | run JOB</c>: the scheduled jobs from a terminal (the Admin's page /operator/scheduler
/// shows the same). <c>run</c> records a manual run and runs it in this process at once, as one node would.
/// </summary>
public static class SchedulerCommands
{
    public static Command Create(CommandContext context) =>
        new("schedule", "定期実行ジョブ（一覧、今すぐ実行）") { List(context), Run(context) };

    private static Command List(CommandContext context)
    {
        var command = new Command("list", "定期実行ジョブの実行予定（日本時間）、次回の実行、直近の実行結果を表示します。");
        command.SetAction((_, cancellationToken) => context.RunAsync(async services =>
        {
            var catalog = services.GetRequiredService<ScheduledJobCatalog>();
            var recent = await services.GetRequiredService<ScheduledRuns>().RecentAsync(1, cancellationToken);
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            foreach (var job in catalog.Jobs)
            {
                var next = job.NextAt(now) is { } at ? JapanTime.Compact(at) : "-";
                var last = recent[job.Name].FirstOrDefault() is { } run ? Describe(run) : "実行なし";
                await context.Console.Out.WriteLineAsync(
                    $"{job.Name}\t{(job.Enabled ? "有効" : "無効")}\t{job.Schedule ?? "手動のみ"}\t次回 {next}\t前回 {last}");
            }

            return 0;
        }));
        return command;
    }

    private static Command Run(CommandContext context)
    {
        var name = new Argument<string>("JOB") { Description = "ジョブの名前（schedule list で表示されるもの）" };
        var command = new Command("run", "ジョブを今すぐ1回実行します（手動実行として記録されます）。実行中・実行待ちの回があるときは実行しません。") { name };
        command.SetAction((parse, cancellationToken) => context.RunAsync(async services =>
        {
            var (queued, refusal) = await services.GetRequiredService<ScheduledRuns>().RequestAsync(parse.GetRequiredValue(name), Environment.UserName, cancellationToken);
            if (refusal is not null)
            {
                throw new CommandFailedException(refusal);
            }

            var run = await services.GetRequiredService<JobScheduler>().RunAsync(queued!.Id, cancellationToken)
                ?? throw new CommandFailedException("ほかのノードが先に実行を始めました。結果は schedule list で確認してください。");
            await context.Console.Out.WriteLineAsync(Describe(run));
            return run.Error is null ? 0 : 1;
        }));
        return command;
    }

    private static string Describe(ScheduledRun run) =>
        run.FinishedAt is null ? $"{JapanTime.Compact(run.OccurrenceAt)} 実行中"
        : run.Error is { } error ? $"{JapanTime.Compact(run.OccurrenceAt)} 失敗: {error}"
        : $"{JapanTime.Compact(run.OccurrenceAt)} 完了{(run.Summary is { } summary ? ": " + summary : string.Empty)}";
}
