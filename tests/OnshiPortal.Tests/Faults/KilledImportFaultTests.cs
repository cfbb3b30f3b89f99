using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Tests.Support;
using static OnshiPortal.Tests.Support.CampaignScenario;

namespace OnshiPortal.Tests.Faults;

/// <summary>
/// The node running <c>onshi institutions import</c> is killed (SIGKILL) in the middle of writing the master: the
/// master, its revisions and the list of imports are as before, and a rerun of the same file imports every row
/// exactly once with its values. On PostgreSQL, the production database.
/// </summary>
[Collection(OwnProcesses.Name)]
public sealed class KilledImportFaultTests : DataTest
{
    private const int Existing = 1000;
    private const int Changed = 300;
    private const int Added = 2000;

    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();

    [Fact]
    public async Task An_import_killed_while_writing_changes_nothing_and_its_rerun_imports_every_row_exactly_once()
    {
        await using var app = await StartAppAsync();
        var generated = InstitutionGenerator.Generate(Existing + Added, seed: 23).ToList();
        await app.ImportAsync(generated.Take(Existing));
        var before = await SnapshotAsync(app);

        // The file: the known institutions, some renamed and given a new manager, and new ones.
        var file = generated.Select((r, i) => i < Changed ? r with { Name = r.Name + "分院", Manager = "新井 管理者" } : r).ToList();
        var path = Scenario.WriteCsv(file);

        // The test holds, uncommitted, a row with the code of a new institution halfway through the import's writes
        // (new rows go in code order): the import waits on the key in the middle of its transaction, and is killed.
        var held = generated.Skip(Existing).Select(r => r.Code.Value).Order(StringComparer.Ordinal).ElementAt(Added / 2);
        await using var holder = app.Database.CreateContext();
        var hold = await holder.Database.BeginTransactionAsync();
        holder.Institutions.Add(generated.Single(r => r.Code.Value == held).ToInstitution(DateTimeOffset.UtcNow));
        await holder.SaveChangesAsync();

        var application = "onshi-import-" + Guid.NewGuid().ToString("N")[..8];
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Portal"] = DatabaseSessions.Named(app.Database.ConnectionString, application),
            ["Credentials__KeyFile"] = app.CredentialKeyFile,
        };
        await using (var killed = PortalProcess.Start(settings, "institutions", "import", path))
        {
            await DatabaseSessions.UntilBlockedAsync(app.Database.ConnectionString, application, killed);
            await killed.KillAsync();
        }

        await hold.RollbackAsync();
        await hold.DisposeAsync();
        await DatabaseSessions.UntilGoneAsync(app.Database.ConnectionString, application);
        Assert.Equal(before, await SnapshotAsync(app));

        await using var rerun = PortalProcess.Start(settings, "institutions", "import", path);
        Assert.True(await rerun.WaitForExitAsync(TimeSpan.FromMinutes(2)) == 0, rerun.Output);
        Assert.Contains($"新規: {Added}", rerun.Output);
        Assert.Contains($"変更: {Changed}", rerun.Output);

        await using var db = app.Database.CreateContext();
        var master = await db.Institutions.AsNoTracking().ToDictionaryAsync(i => i.Code, StringComparer.Ordinal);
        Assert.Equal(Existing + Added, master.Count);
        foreach (var record in file)
        {
            var row = master[record.Code.Value];
            Assert.Equal((record.Name, record.NameKana, record.Manager, record.Address), (row.Name, row.NameKana, row.Manager, row.Address));
        }

        var runs = await db.ImportRuns.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
        Assert.Equal(before.Runs + 1, runs.Count);
        var last = runs[^1];
        Assert.Equal((file.Count, Added, Changed), (last.Rows, last.Added, last.Changed));

        // One revision per changed institution from the rerun, none twice.
        var revised = await db.Set<InstitutionRevision>().AsNoTracking().Where(r => r.ImportRunId == last.Id && r.Kind == RevisionKind.Changed)
            .Select(r => r.InstitutionCode).ToListAsync();
        Assert.Equal(file.Take(Changed).Select(r => r.Code.Value).Order(StringComparer.Ordinal), revised.Order(StringComparer.Ordinal));
    }

    /// <summary>What an import changes: the master's rows and values, the revisions, the runs.</summary>
    private static async Task<MasterSnapshot> SnapshotAsync(PortalAppFactory app)
    {
        await using var db = app.Database.CreateContext();
        var rows = await db.Institutions.AsNoTracking().OrderBy(i => i.Code)
            .Select(i => new { i.Code, i.Name, i.Manager, i.Address, i.UpdatedAt }).ToListAsync();
        return new MasterSnapshot(
            string.Join('\n', rows),
            await db.Set<InstitutionRevision>().CountAsync(),
            await db.ImportRuns.CountAsync());
    }

    private sealed record MasterSnapshot(string Rows, int Revisions, int Runs);
}
