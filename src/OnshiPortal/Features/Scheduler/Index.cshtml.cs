using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.Account;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Scheduling;

namespace OnshiPortal.Features.Scheduler;

/// <summary>
/// 定期実行ジョブ: each job with its schedule, its next occurrence and its last runs, and 「今すぐ実行」, which queues a
/// manual run that the next poll of any node picks up (audited; refused while a run of the job is unfinished, so a
/// second click queues nothing). Admin only: a job may send mail to every institution.
/// </summary>
[Authorize(Roles = Roles.Admin)]
public sealed class IndexModel(ScheduledJobCatalog catalog, ScheduledRuns runs, TimeProvider clock) : PageModel
{
    /// <summary>How many of each job's runs the page shows.</summary>
    public const int RunsShown = 10;

    public IReadOnlyList<JobRow> Jobs { get; private set; } = [];

    [TempData]
    public string? Done { get; set; }

    /// <summary>Why the run was not queued (already running, disabled, unknown), in the person's language.</summary>
    public string? Refusal { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>今すぐ実行: a manual run of <paramref name="job"/>, queued for the scheduler.</summary>
    public async Task<IActionResult> OnPostRunAsync(string job, CancellationToken cancellationToken)
    {
        var (_, refusal) = await runs.RequestAsync(job ?? string.Empty, User.Identity!.Name!, cancellationToken);
        if (refusal is not null)
        {
            Refusal = refusal;
            await LoadAsync(cancellationToken);
            return Page();
        }

        Done = Ui.Text("ジョブ「{0}」の実行を受け付けました。まもなく開始します。", job!);
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var recent = await runs.RecentAsync(RunsShown, cancellationToken);
        Jobs = [.. catalog.Jobs.Select(j => new JobRow(j, j.NextAt(now), [.. recent[j.Name]]))];
    }

    public sealed record JobRow(ScheduledJobInfo Job, DateTimeOffset? Next, IReadOnlyList<ScheduledRun> Runs)
    {
        public bool Busy => Runs.Any(r => r.FinishedAt is null);
    }

    /// <summary>A run's state in words: 実行待ち, 実行中, 完了, 失敗.</summary>
    public static string StateOf(ScheduledRun run) =>
        run.FinishedAt is not null ? (run.Error is null ? "完了" : "失敗")
        : run.ClaimedUntil is not null ? "実行中"
        : "実行待ち";
}
