using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Files;
using OnshiPortal.Infrastructure.Housekeeping;

namespace OnshiPortal.Features.Campaigns.Jobs;

/// <summary>
/// Print files no export will publish: those of a job that failed (a rerun is a new job and renders its own), and
/// stored files of an export that no row names (a node killed between storing a file and recording it). The letters
/// in them print temporary passwords, so they do not stay in the database, nor in its backups, longer than a day.
/// </summary>
public sealed class ExportFileCleanup : IHousekeepingTask
{
    /// <summary>A node still working on a file has recorded it well within this.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromDays(1);

    /// <summary>Files a run removes at most of each kind: a file is many chunk rows.</summary>
    private const int PerRun = 100;

    public string Name => "campaign print files never published";

    public async Task<int> RunAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var before = now - Grace;
        var unpublished = await db.Set<CampaignExportFile>().AsNoTracking()
            .Where(f => !f.Published && f.CreatedAt < before
                && db.Set<CampaignJob>().Any(j => j.Id == f.JobId && j.State >= CampaignJobState.Done))
            .OrderBy(f => f.Id)
            .Take(PerRun)
            .Select(f => new { f.Id, f.StoredFileId })
            .ToListAsync(cancellationToken);
        foreach (var file in unpublished)
        {
            await db.Set<CampaignExportFile>().Where(f => f.Id == file.Id).ExecuteDeleteAsync(cancellationToken);
            await FileStore.DeleteAsync(db, file.StoredFileId, cancellationToken);
        }

        var unnamed = await db.Set<StoredFile>().AsNoTracking()
            .Where(s => s.Area == StoredExportTarget.Area && s.CreatedAt < before
                && !db.Set<CampaignExportFile>().Any(f => f.StoredFileId == s.Id))
            .OrderBy(s => s.CreatedAt)
            .Take(PerRun)
            .Select(s => s.Id)
            .ToListAsync(cancellationToken);
        foreach (var id in unnamed)
        {
            await FileStore.DeleteAsync(db, id, cancellationToken);
        }

        return unpublished.Count + unnamed.Count;
    }
}
