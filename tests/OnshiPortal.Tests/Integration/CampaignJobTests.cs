using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Campaigns.Jobs;
using OnshiPortal.Infrastructure.Files;
using OnshiPortal.Tests.Support;
using static OnshiPortal.Tests.Support.CampaignScenario;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// Campaign jobs are rows in the database, run by whichever node takes their lease: one active job per campaign
/// whichever node is asked, no node takes a job another holds, a job whose node died is taken over after its lease,
/// and an export taken over keeps the files already stored and still holds every letter exactly once.
/// </summary>
public abstract class CampaignJobTests : DataTest
{
    private const int Letters = 40;
    private const int PerFile = 5;

    [Fact]
    public async Task Two_nodes_asked_at_once_start_one_job_for_a_campaign()
    {
        await using var nodeA = await StartAsync();
        await using var nodeB = Node(nodeA);
        var campaign = await nodeA.CreateCampaignAsync(CampaignKind.Unregistered, Cutoff);

        var asked = await Task.WhenAll(
            Enumerable.Range(0, 6).Select(i => StartJobAsync(i % 2 == 0 ? nodeA : nodeB, campaign.Id, CampaignJobKind.Issue)));

        Assert.Equal(1, asked.Count(started => started));
        await using var db = nodeA.Database.CreateContext();
        Assert.Equal(1, await db.Set<CampaignJob>().CountAsync(j => j.CampaignId == campaign.Id));
    }

    [Fact]
    public async Task A_job_held_by_a_live_node_is_left_alone_and_one_whose_lease_ran_out_is_taken_over_and_finished()
    {
        await using var app = await StartAsync();
        await app.ImportAsync(Records(Letters));
        var held = await app.CreateCampaignAsync(CampaignKind.Unregistered, Cutoff);
        var orphaned = await app.CreateCampaignAsync(CampaignKind.Unregistered, Cutoff.AddDays(1));
        var now = DateTimeOffset.UtcNow;
        await using (var db = app.Database.CreateContext())
        {
            db.AddRange(
                RunningJob(held.Id, "live-node#1", now.AddMinutes(5)),
                RunningJob(orphaned.Id, "dead-node#1", now.AddSeconds(-1)));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var runner = app.Services.GetRequiredService<CampaignJobRunner>();
        Assert.True(await runner.RunNextAsync(TestContext.Current.CancellationToken));
        Assert.False(await runner.RunNextAsync(TestContext.Current.CancellationToken), "the live node's job was taken");

        await using (var db = app.Database.CreateContext())
        {
            var jobs = await db.Set<CampaignJob>().AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
            var done = jobs.Single(j => j.CampaignId == orphaned.Id);
            Assert.Equal(CampaignJobState.Done, done.State);
            Assert.Equal(2, done.Attempts);
            Assert.Null(done.ClaimedBy);
            Assert.Equal("live-node#1", jobs.Single(j => j.CampaignId == held.Id).ClaimedBy);
            Assert.Equal(0, await db.Set<CampaignLetter>().CountAsync(l => l.CampaignId == orphaned.Id && l.State == CampaignLetterState.Pending, TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task An_export_stopped_midway_is_finished_by_another_node_keeping_its_stored_files_with_every_letter_once()
    {
        await using var nodeA = await StartAsync();
        await using var nodeB = Node(nodeA);
        await nodeA.ImportAsync(Records(Letters));
        var campaign = await nodeA.CreateCampaignAsync(CampaignKind.Unregistered, Cutoff);
        await nodeA.IssueCampaignAsync(campaign.Id);
        Assert.True(await StartJobAsync(nodeA, campaign.Id, CampaignJobKind.Export));

        // Node A stops once two files are stored: it hands the job back, with its files kept for the job.
        using (var stop = new CancellationTokenSource())
        {
            var running = nodeA.Services.GetRequiredService<CampaignJobRunner>().RunNextAsync(stop.Token);
            await using var db = nodeA.Database.CreateContext();
            while (!running.IsCompleted && await db.Set<CampaignExportFile>().CountAsync(TestContext.Current.CancellationToken) < 2)
            {
                await Task.Delay(10, TestContext.Current.CancellationToken);
            }

            await stop.CancelAsync();
            Assert.True(await running);
        }

        List<CampaignExportFile> kept;
        await using (var db = nodeA.Database.CreateContext())
        {
            var job = await db.Set<CampaignJob>().AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
            Assert.Equal(CampaignJobState.Running, job.State);
            Assert.Null(job.ClaimedBy);
            kept = await db.Set<CampaignExportFile>().AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
            Assert.NotEmpty(kept);
            Assert.All(kept, f => Assert.False(f.Published));
        }

        Assert.True(await nodeB.Services.GetRequiredService<CampaignJobRunner>().RunNextAsync(TestContext.Current.CancellationToken));

        await using (var db = nodeB.Database.CreateContext())
        {
            var job = await db.Set<CampaignJob>().AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
            Assert.Equal(CampaignJobState.Done, job.State);
            Assert.Equal(CampaignState.Exported, (await db.Set<Campaign>().SingleAsync(c => c.Id == campaign.Id, TestContext.Current.CancellationToken)).State);
            var files = await db.Set<CampaignExportFile>().AsNoTracking().Where(f => f.Published).ToListAsync(TestContext.Current.CancellationToken);
            Assert.All(kept, k => Assert.Contains(files, f => f.Id == k.Id && f.StoredFileId == k.StoredFileId));
            var pdfs = files.Where(f => f.Name.EndsWith(".pdf", StringComparison.Ordinal)).ToList();
            Assert.Equal(Letters / PerFile, pdfs.Count);
            Assert.Equal(Letters, pdfs.Sum(f => f.Letters));
            Assert.Equal(files.Count, files.Select(f => f.Name).Distinct().Count());

            // Every letter once across the PDFs, as the manifest lists them; SHA256SUMS names each file with its content's hash.
            await using var scope = nodeB.Services.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<FileStore>();
            var manifest = await ReadAsync(store, files.Single(f => f.Name == CampaignExport.ManifestUtf8).StoredFileId);
            var codes = manifest.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')[2]).ToList();
            Assert.Equal(Letters, codes.Count);
            Assert.Equal(Letters, codes.Distinct().Count());
            var sums = (await ReadAsync(store, files.Single(f => f.Name == CampaignExport.Checksums).StoredFileId))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split("  ")).ToDictionary(p => p[1], p => p[0]);
            Assert.Equal(files.Count - 1, sums.Count);
            foreach (var file in files.Where(f => f.Name != CampaignExport.Checksums))
            {
                await using var content = (await store.OpenReadAsync(file.StoredFileId, TestContext.Current.CancellationToken))!;
                Assert.Equal(sums[file.Name], Convert.ToHexStringLower(await SHA256.HashDataAsync(content, TestContext.Current.CancellationToken)));
            }
        }
    }

    [Fact]
    public async Task Print_files_no_export_will_publish_are_removed_after_a_day_and_published_ones_stay()
    {
        await using var app = await StartAsync();
        await app.ImportAsync(Records(PerFile));
        var campaign = await app.CreateCampaignAsync(CampaignKind.Unregistered, Cutoff);
        await app.IssueCampaignAsync(campaign.Id);
        Assert.True(await StartJobAsync(app, campaign.Id, CampaignJobKind.Export));
        Assert.True(await app.Services.GetRequiredService<CampaignJobRunner>().RunNextAsync(TestContext.Current.CancellationToken));

        var store = app.Services.GetRequiredService<FileStore>();
        var old = DateTimeOffset.UtcNow - TimeSpan.FromDays(2);
        Guid failedFile, unnamed, fresh;
        await using (var db = app.Database.CreateContext())
        {
            var failed = new CampaignJob { CampaignId = campaign.Id, Kind = CampaignJobKind.Export, State = CampaignJobState.Failed, RequestedBy = "test", RequestedAt = old };
            db.Add(failed);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            failedFile = (await store.SaveAsync(StoredExportTarget.Area, "campaign-1-0001.pdf", "application/pdf", new MemoryStream([1, 2, 3]), TestContext.Current.CancellationToken)).Id;
            unnamed = (await store.SaveAsync(StoredExportTarget.Area, "campaign-1-0002.pdf", "application/pdf", new MemoryStream([4, 5, 6]), TestContext.Current.CancellationToken)).Id;
            fresh = (await store.SaveAsync(StoredExportTarget.Area, "campaign-1-0003.pdf", "application/pdf", new MemoryStream([7, 8, 9]), TestContext.Current.CancellationToken)).Id;
            db.Add(new CampaignExportFile { CampaignId = campaign.Id, JobId = failed.Id, Name = "campaign-1-0001.pdf", StoredFileId = failedFile, CreatedAt = old, Sha256 = "x" });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            await db.Set<StoredFile>().Where(f => f.Id == failedFile || f.Id == unnamed)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.CreatedAt, old), TestContext.Current.CancellationToken);
        }

        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(2, await new ExportFileCleanup().RunAsync(db, DateTimeOffset.UtcNow, TestContext.Current.CancellationToken));
        }

        Assert.Null(await store.FindAsync(failedFile, TestContext.Current.CancellationToken));
        Assert.Null(await store.FindAsync(unnamed, TestContext.Current.CancellationToken));
        Assert.NotNull(await store.FindAsync(fresh, TestContext.Current.CancellationToken));
        await using (var db = app.Database.CreateContext())
        {
            var published = await db.Set<CampaignExportFile>().AsNoTracking().Where(f => f.Published).ToListAsync(TestContext.Current.CancellationToken);
            Assert.Equal(4, published.Count); // one PDF, two manifests, SHA256SUMS
            foreach (var file in published)
            {
                Assert.NotNull(await store.FindAsync(file.StoredFileId, TestContext.Current.CancellationToken));
            }
        }
    }

    [Fact]
    public async Task A_job_queued_on_a_node_starts_there_without_waiting_for_the_next_poll()
    {
        // A poll of an hour: only the node's own wake can start these jobs within the test's wait.
        await using var app = await StartAppAsync();
        app.Settings["Campaigns:JobPollSeconds"] = "3600";
        await app.ImportAsync(Records(3));
        var first = await app.CreateCampaignAsync(CampaignKind.Unregistered, Cutoff);
        var second = await app.CreateCampaignAsync(CampaignKind.Unregistered, Cutoff.AddDays(1));

        // The first job may be found by the runner's first pass; by the second, the runner waits for its hour.
        foreach (var campaign in new[] { first, second })
        {
            Assert.True(await StartJobAsync(app, campaign.Id, CampaignJobKind.Issue));
            Assert.Equal(CampaignJobState.Done, await EndedAsync(app, campaign.Id));
        }
    }

    /// <summary>The state the campaign's job ended in, or is still in after a minute's wait (a loaded machine).</summary>
    private static async Task<CampaignJobState> EndedAsync(PortalAppFactory app, long campaignId)
    {
        for (var waited = TimeSpan.Zero; ; waited += TimeSpan.FromMilliseconds(100))
        {
            await using var db = app.Database.CreateContext();
            var job = await db.Set<CampaignJob>().AsNoTracking().SingleAsync(j => j.CampaignId == campaignId, TestContext.Current.CancellationToken);
            if (!job.IsActive || waited >= TimeSpan.FromMinutes(1))
            {
                return job.State;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private async Task<PortalAppFactory> StartAsync()
    {
        var app = await StartAppAsync();
        Configure(app);
        return app;
    }

    /// <summary>A second node on the first one's database.</summary>
    private static PortalAppFactory Node(PortalAppFactory first)
    {
        var node = new PortalAppFactory(first.Database) { CredentialKeyFile = first.CredentialKeyFile };
        Configure(node);
        return node;
    }

    /// <summary>The test runs the jobs itself, on the node it chooses.</summary>
    private static void Configure(PortalAppFactory app)
    {
        app.Settings["Campaigns:RunsJobs"] = "false";
        app.Settings["Campaigns:LettersPerFile"] = PerFile.ToString(CultureInfo.InvariantCulture);
    }

    private static async Task<bool> StartJobAsync(PortalAppFactory app, long campaignId, CampaignJobKind kind)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CampaignJobs>().TryStartAsync(campaignId, kind, "test");
    }

    private static async Task<string> ReadAsync(FileStore store, Guid id)
    {
        await using var content = (await store.OpenReadAsync(id, TestContext.Current.CancellationToken))!;
        using var reader = new StreamReader(content);
        return await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
    }
}

public sealed class CampaignJobTestsOnSqlite : CampaignJobTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class CampaignJobTestsOnPostgres : CampaignJobTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
