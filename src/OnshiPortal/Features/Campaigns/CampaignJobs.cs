using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using OnshiPortal.Infrastructure;

namespace OnshiPortal.Features.Campaigns;

public enum CampaignJobKind
{
    Issue,
    Export,
}

/// <summary>Where a back-office job stands, for the campaign page (which refreshes itself while one runs).</summary>
public sealed record CampaignJobStatus(CampaignJobKind Kind, string Phase, int Done, int Total, bool Running, string? Error)
{
    public int Percent => Total == 0 ? 0 : (int)(100L * Done / Total);
}

/// <summary>
/// Runs the back office's issue and export in the background, one at a time per campaign, so that a page request does
/// not wait minutes for 100,000 letters. A job belongs to the node that took the request; if that node stops, the work
/// done so far stays (issue is resumable, export publishes all or nothing) and the operator starts it again.
/// </summary>
public sealed class CampaignJobs(IServiceScopeFactory scopes, IOptions<CampaignOptions> options, ILogger<CampaignJobs> logger) : BackgroundService
{
    private readonly Channel<(long CampaignId, CampaignJobKind Kind, string Actor)> queue = Channel.CreateUnbounded<(long, CampaignJobKind, string)>();
    private readonly ConcurrentDictionary<long, CampaignJobStatus> statuses = new();

    public CampaignJobStatus? StatusOf(long campaignId) => statuses.GetValueOrDefault(campaignId);

    /// <summary>Queues a job; false when one is already queued or running for the campaign.</summary>
    public bool TryStart(long campaignId, CampaignJobKind kind, string actor)
    {
        var queued = new CampaignJobStatus(kind, "開始を待っています", 0, 0, Running: true, Error: null);
        var accepted = statuses.AddOrUpdate(campaignId, queued, (_, current) => current.Running ? current : queued) == queued;
        return accepted && queue.Writer.TryWrite((campaignId, kind, actor));
    }

    /// <summary>The back office's folder of a campaign's print files.</summary>
    public string StorageOf(long campaignId) =>
        Path.GetFullPath(Path.Combine(options.Value.StorageDirectory, campaignId.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (campaignId, kind, actor) in queue.Reader.ReadAllAsync(stoppingToken))
        {
            var progress = new StatusReporter(p =>
                statuses[campaignId] = new CampaignJobStatus(kind, p.Phase, p.Done, p.Total, Running: true, Error: null));
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (kind == CampaignJobKind.Issue)
                {
                    await scope.ServiceProvider.GetRequiredService<CampaignService>().IssueAsync(campaignId, actor, progress, stoppingToken);
                }
                else
                {
                    await scope.ServiceProvider.GetRequiredService<CampaignExport>()
                        .ExportAsync(campaignId, StorageOf(campaignId), options.Value.LettersPerFile, actor, progress, stoppingToken);
                }

                statuses[campaignId] = new CampaignJobStatus(kind, "完了しました", 1, 1, Running: false, Error: null);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is CampaignStateException or CampaignNotFoundException)
            {
                statuses[campaignId] = new CampaignJobStatus(kind, "中断しました", 0, 0, Running: false, Error: e.Message);
            }
            catch (CampaignExportException e)
            {
                // The operator's message says what to do; the log keeps the system's reason.
                logger.LogError(e, "Campaign {CampaignId}: the export could not write its files", campaignId);
                statuses[campaignId] = new CampaignJobStatus(kind, "中断しました", 0, 0, Running: false, Error: e.Message);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Campaign {CampaignId}: the {Kind} job failed", campaignId, kind);
                statuses[campaignId] = new CampaignJobStatus(kind, "中断しました", 0, 0, Running: false,
                    Error: "処理中にエラーが発生しました。もう一度実行すると続きから処理します。解決しない場合はシステム管理者にご連絡ください。");
            }
        }
    }
}

/// <summary>
/// Reports on the worker's own thread, at once: <see cref="Progress{T}"/> posts to the thread pool, and a report that
/// arrives after the job ended would mark a finished job as running again.
/// </summary>
internal sealed class StatusReporter(Action<WorkProgress> report) : IProgress<WorkProgress>
{
    public void Report(WorkProgress value) => report(value);
}
