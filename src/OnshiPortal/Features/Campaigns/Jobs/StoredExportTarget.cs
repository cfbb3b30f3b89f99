using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Files;

namespace OnshiPortal.Features.Campaigns.Jobs;

/// <summary>
/// The back office's export target: each file rendered to a staged file on this node's disk, then streamed into the
/// database's file store and recorded as the job's (<see cref="CampaignExportFile"/>), so that any node serves the
/// print files and a node taking the job over keeps what is already stored. Publishing swaps the campaign's print
/// files for the job's in one transaction, with the job marked done in it, only while this node holds the job.
/// </summary>
public sealed class StoredExportTarget : IExportTarget
{
    public const string Area = "campaign-export";

    private readonly JobLease lease;
    private readonly IServiceScopeFactory scopes;
    private readonly PortalDbContext db;
    private readonly FileStore store;
    private readonly TimeProvider clock;
    private readonly ILogger<StoredExportTarget> logger;
    private readonly string folder;
    private readonly StagedFiles staging;

    /// <summary>The job's campaign, read once in <see cref="BeginAsync"/> for every file recorded and the publish.</summary>
    private long campaignId;

    public StoredExportTarget(
        JobLease lease, IServiceScopeFactory scopes, PortalDbContext db, FileStore store, IOptions<CampaignOptions> options, TimeProvider clock, ILogger<StoredExportTarget> logger)
    {
        this.lease = lease;
        this.scopes = scopes;
        this.db = db;
        this.store = store;
        this.clock = clock;
        this.logger = logger;
        folder = Path.GetFullPath(Path.Combine(options.Value.StagingDirectory, $"job-{lease.JobId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}"));
        staging = new StagedFiles(folder);
    }

    public string Location => folder;

    public async Task<IReadOnlyDictionary<string, ExportedFile>> BeginAsync(string planHash, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var job = await db.Set<CampaignJob>().AsNoTracking().SingleAsync(j => j.Id == lease.JobId, cancellationToken);
        campaignId = job.CampaignId;
        var stored = await db.Set<CampaignExportFile>().AsNoTracking().Where(f => f.JobId == lease.JobId).ToListAsync(cancellationToken);
        if (job.PlanHash == planHash)
        {
            if (stored.Count > 0)
            {
                logger.LogInformation("Campaign job {JobId}: {Files} files of an earlier attempt are kept", lease.JobId, stored.Count);
            }

            return stored.ToDictionary(f => f.Name, f => new ExportedFile(f.Name, f.Letters, f.Bytes, f.Sha256), StringComparer.Ordinal);
        }

        // The letters changed since the earlier attempt (a letter withdrawn, an address corrected): start afresh.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await lease.ConfirmAsync(db, cancellationToken);
            await db.Set<CampaignExportFile>().Where(f => f.JobId == lease.JobId).ExecuteDeleteAsync(cancellationToken);
            await db.Set<CampaignJob>().Where(j => j.Id == lease.JobId).ExecuteUpdateAsync(s => s.SetProperty(j => j.PlanHash, planHash), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await DeleteStoredAsync(stored.Select(f => f.StoredFileId));
        return new Dictionary<string, ExportedFile>();
    }

    public FileStream Create(string name) => staging.Create(name);

    public string PathFor(string name) => staging.PathFor(name);

    public async Task AddAsync(ExportedFile file, CancellationToken cancellationToken)
    {
        // Its own scope: files are added from several threads, and a DbContext serves one at a time.
        await using var scope = scopes.CreateAsyncScope();
        var files = scope.ServiceProvider.GetRequiredService<FileStore>();
        var context = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        StoredFileInfo saved;
        await using (var content = File.OpenRead(PathFor(file.Name)))
        {
            saved = await files.SaveAsync(Area, file.Name, ContentTypeOf(file.Name), content, cancellationToken);
        }

        if (!string.Equals(saved.Sha256, file.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            await files.DeleteAsync(saved.Id, CancellationToken.None);
            throw new IOException($"The stored copy of {file.Name} differs from the file written.");
        }

        try
        {
            await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
            await lease.ConfirmAsync(context, cancellationToken);
            context.Add(new CampaignExportFile
            {
                CampaignId = campaignId,
                JobId = lease.JobId,
                Name = file.Name,
                StoredFileId = saved.Id,
                Letters = file.Letters,
                Bytes = file.Bytes,
                Sha256 = file.Sha256,
                CreatedAt = clock.GetUtcNow(),
            });
            await context.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException || DatabaseErrors.IsUniqueViolation(e))
        {
            // Not recorded (the job is another node's now, or that node recorded the same file first): the copy goes.
            await files.DeleteAsync(saved.Id, CancellationToken.None);
            throw;
        }

        File.Delete(PathFor(file.Name));
    }

    public async Task PublishAsync(Func<Task> record, CancellationToken cancellationToken)
    {
        List<Guid> replaced;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await lease.ConfirmAsync(db, cancellationToken);
            var earlier = db.Set<CampaignExportFile>().Where(f => f.CampaignId == campaignId && f.Published);
            replaced = await earlier.Select(f => f.StoredFileId).ToListAsync(cancellationToken);
            await earlier.ExecuteDeleteAsync(cancellationToken);
            await db.Set<CampaignExportFile>().Where(f => f.JobId == lease.JobId).ExecuteUpdateAsync(s => s.SetProperty(f => f.Published, true), cancellationToken);
            var now = clock.GetUtcNow();
            await db.Set<CampaignJob>().Where(j => j.Id == lease.JobId).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, CampaignJobState.Done)
                .SetProperty(j => j.Phase, CampaignJobs.DonePhase)
                .SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.ClaimedBy, (string?)null)
                .SetProperty(j => j.ClaimedUntil, (DateTimeOffset?)null), cancellationToken);
            await record();
            await transaction.CommitAsync(cancellationToken);
        }

        await DeleteStoredAsync(replaced);
    }

    public static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".pdf" => "application/pdf",
        ".csv" => "text/csv",
        _ => "text/plain",
    };

    /// <summary>The files no row points to any more; one that fails here is left to the file store's clean-up.</summary>
    private async Task DeleteStoredAsync(IEnumerable<Guid> ids)
    {
        foreach (var id in ids)
        {
            try
            {
                await store.DeleteAsync(id, CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Stored file {FileId} of a replaced export could not be deleted", id);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        staging.Discard();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the next start's clean-up of the staging folder.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return ValueTask.CompletedTask;
    }
}
