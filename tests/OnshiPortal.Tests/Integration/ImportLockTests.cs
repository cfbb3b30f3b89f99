using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.Institutions.Import;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// One <c>institutions import</c> at a time: a second one, while the first holds the lock (an advisory lock on
/// PostgreSQL, a lock file beside the SQLite database), says so in Japanese and English, exits non-zero and changes
/// nothing; once the first is done, the same import works.
/// </summary>
[Collection(OwnProcesses.Name)]
public abstract class ImportLockTests : DataTest
{
    private const int Rows = 200;

    [Fact]
    public async Task An_import_while_another_holds_the_lock_is_refused_plainly_and_changes_nothing()
    {
        await using var app = await StartAppAsync();
        var path = Scenario.WriteCsv(InstitutionGenerator.Generate(Rows, seed: 31));

        await using (var other = app.Database.CreateContext())
        {
            await using var held = await ImportLock.TryTakeAsync(other, default);
            Assert.NotNull(held);

            var refused = await app.RunCommandAsync("institutions", "import", path);
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("別の医療機関等マスタの取り込みが実行中です", refused.Error);
            Assert.Contains("Another institutions import is running", refused.Error);
            await AssertNothingImportedAsync(app);
        }

        // The lock given back, the same import goes through.
        var done = await app.RunCommandAsync("institutions", "import", path);
        Assert.True(done.ExitCode == 0, done.Error);
        Assert.Contains($"新規: {Rows}", done.Output);
    }

    [Fact]
    public async Task Of_two_import_processes_started_together_one_is_refused_and_the_other_imports_every_row_once()
    {
        await using var app = await StartAppAsync();
        var generated = InstitutionGenerator.Generate(Rows, seed: 37).ToList();
        var path = Scenario.WriteCsv(generated);

        // A node has run on this database, as in any install: it made the stored credential key, which every command
        // reads before it runs (CredentialKeyRing.TryPrepare) and would otherwise try to make under the test's hold.
        app.StartServer();

        // The test keeps the imports from writing until both have started, so that they truly overlap: the one
        // holding the lock waits for the database, the other must not wait for anything.
        await using var hold = await HoldWritesAsync(app, generated[Rows / 2]);
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = app.Database.Provider.ToString(),
            ["ConnectionStrings__Portal"] = app.Database.ConnectionString,
            ["Database__MigrateOnStart"] = "false",
            ["Credentials__KeyFile"] = app.CredentialKeyFile,
        };
        await using var first = PortalProcess.Start(settings, "institutions", "import", path);
        await using var second = PortalProcess.Start(settings, "institutions", "import", path);

        var firstExit = first.Process.WaitForExitAsync();
        var secondExit = second.Process.WaitForExitAsync();
        var ended = await Task.WhenAny(firstExit, secondExit).WaitAsync(TimeSpan.FromMinutes(2));
        var (loser, winner) = ended == firstExit ? (first, second) : (second, first);
        Assert.True(await loser.WaitForExitAsync(TimeSpan.FromSeconds(30)) != 0, loser.Output);
        Assert.Contains("別の医療機関等マスタの取り込みが実行中です", loser.Output);
        Assert.Contains("Another institutions import is running", loser.Output);
        Assert.False(winner.Process.HasExited, "the import holding the lock waits for the test's hold:\n" + winner.Output);
        await AssertNothingImportedAsync(app);

        await hold.DisposeAsync();
        Assert.True(await winner.WaitForExitAsync(TimeSpan.FromMinutes(2)) == 0, winner.Output);
        Assert.Contains($"新規: {Rows}", winner.Output);
        await using var db = app.Database.CreateContext();
        Assert.Equal(Rows, await db.Institutions.CountAsync());
        Assert.Equal(1, await db.ImportRuns.CountAsync());
    }

    /// <summary>Holds the database's writers back until disposed (PostgreSQL: a row the import inserts; SQLite: the write lock).</summary>
    protected abstract Task<IAsyncDisposable> HoldWritesAsync(PortalAppFactory app, InstitutionRecord oneOfTheNewRows);

    private static async Task AssertNothingImportedAsync(PortalAppFactory app)
    {
        await using var db = app.Database.CreateContext();
        Assert.Equal(0, await db.Institutions.CountAsync());
        Assert.Equal(0, await db.ImportRuns.CountAsync());
    }
}

public sealed class ImportLockTestsOnSqlite : ImportLockTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();

    protected override async Task<IAsyncDisposable> HoldWritesAsync(PortalAppFactory app, InstitutionRecord oneOfTheNewRows)
    {
        var connection = new SqliteConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        var transaction = connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: the write lock, until rolled back
        return new Hold(async () =>
        {
            transaction.Rollback();
            transaction.Dispose();
            await connection.DisposeAsync();
        });
    }
}

public sealed class ImportLockTestsOnPostgres : ImportLockTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();

    protected override async Task<IAsyncDisposable> HoldWritesAsync(PortalAppFactory app, InstitutionRecord oneOfTheNewRows)
    {
        var holder = app.Database.CreateContext();
        var transaction = await holder.Database.BeginTransactionAsync();
        holder.Institutions.Add(oneOfTheNewRows.ToInstitution(DateTimeOffset.UtcNow));
        await holder.SaveChangesAsync();
        return new Hold(async () =>
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await holder.DisposeAsync();
        });
    }
}

/// <summary>Lets go once, however often disposed (the test lets go in the middle, and again at its end).</summary>
internal sealed class Hold(Func<Task> release) : IAsyncDisposable
{
    private int released;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref released, 1) == 0)
        {
            await release();
        }
    }
}
