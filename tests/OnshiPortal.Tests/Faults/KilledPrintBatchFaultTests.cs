using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.PostalLetters;
using OnshiPortal.Tests.Integration;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Faults;

/// <summary>
/// Issue 22: <c>onshi post batch</c> killed (SIGKILL) in the middle of closing the queue leaves no batch and every
/// letter waiting, and its rerun puts each letter into exactly one batch with its files complete. On PostgreSQL, the
/// production database. (A kill after the close's commit, before its files, is PrintBatchTests' second case.)
/// </summary>
[Collection(OwnProcesses.Name)]
public sealed class KilledPrintBatchFaultTests : DataTest
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();

    [Fact]
    public async Task A_close_killed_while_taking_the_letters_leaves_them_waiting_and_its_rerun_batches_each_once()
    {
        await using var app = await StartAppAsync();
        await PrintBatchTests.QueueAsync(app, ("1234567", "5300001"), ("1234568", "1000001"), ("1234569", "3000001"));
        var folder = Directory.CreateTempSubdirectory("onshi-post-killed-").FullName;

        // The test holds the last letter's row: the close's marking of the letters waits on it in the middle of its
        // transaction (the batch's row inserted, the letters half taken), where it is killed.
        await using var holder = app.Database.CreateContext();
        var hold = await holder.Database.BeginTransactionAsync();
        var last = await holder.Set<PostalLetter>().MaxAsync(l => l.Id);
        await holder.Database.ExecuteSqlRawAsync("SELECT 1 FROM \"PostalLetters\" WHERE \"Id\" = {0} FOR UPDATE", last);

        var application = "onshi-post-" + Guid.NewGuid().ToString("N")[..8];
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Portal"] = DatabaseSessions.Named(app.Database.ConnectionString, application),
            ["Credentials__KeyFile"] = app.CredentialKeyFile,
        };
        await using (var killed = PortalProcess.Start(settings, "post", "batch", "--out", folder))
        {
            await DatabaseSessions.UntilBlockedAsync(app.Database.ConnectionString, application, killed);
            await killed.KillAsync();
        }

        await hold.RollbackAsync();
        await hold.DisposeAsync();
        await DatabaseSessions.UntilGoneAsync(app.Database.ConnectionString, application);
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(0, await db.Set<PrintBatch>().CountAsync());
            Assert.All(await db.Set<PostalLetter>().AsNoTracking().ToListAsync(), l => Assert.Equal((null, null), (l.BatchId, l.PrintedAt)));
        }

        Assert.Empty(Directory.GetFileSystemEntries(folder));

        await using var rerun = PortalProcess.Start(settings, "post", "batch", "--out", folder);
        Assert.True(await rerun.WaitForExitAsync(TimeSpan.FromMinutes(2)) == 0, rerun.Output);
        await using var check = app.Database.CreateContext();
        var batch = await check.Set<PrintBatch>().AsNoTracking().SingleAsync();
        Assert.Equal(3, batch.Letters);
        Assert.Contains($"印刷バッチ {batch.Id}: 3通", rerun.Output);
        Assert.All(await check.Set<PostalLetter>().AsNoTracking().ToListAsync(), l => Assert.Equal(batch.Id, l.BatchId));
        PrintBatchTests.AssertComplete(Path.Combine(folder, PrintBatches.FolderName(batch.Id)), 3);

        // Run again: nothing left to batch, nothing batched twice.
        await using var again = PortalProcess.Start(settings, "post", "batch", "--out", folder);
        Assert.Equal(0, await again.WaitForExitAsync(TimeSpan.FromMinutes(2)));
        Assert.Contains("印刷待ちの郵送物はありません", again.Output);
        Assert.Equal(1, await check.Set<PrintBatch>().CountAsync());
    }
}
