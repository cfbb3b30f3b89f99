using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.Institutions.Import;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary><c>onshi institutions import</c> through the real command line and the real database.</summary>
public abstract class InstitutionImportTests : DataTest
{
    [Fact]
    public async Task Import_of_a_generated_master_adds_every_row_and_a_second_import_changes_nothing()
    {
        await using var app = await StartAppAsync();
        var csv = Path.Combine(Directory.CreateTempSubdirectory().FullName, "master.csv");
        Assert.Equal(0, (await app.RunCommandAsync("institutions", "generate", "--count", "400", "--out", csv, "--seed", "3")).ExitCode);

        var first = await app.RunCommandAsync("institutions", "import", csv);
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("新規: 400", first.Output);

        var second = await app.RunCommandAsync("institutions", "import", csv);
        Assert.True(second.ExitCode == 0, second.Error);
        Assert.Contains("新規: 0", second.Output);
        Assert.Contains("変更: 0", second.Output);
        Assert.Contains("変更なし: 400", second.Output);

        await using var db = app.Database.CreateContext();
        Assert.Equal(400, await db.Institutions.CountAsync());
        var firstRun = await db.ImportRuns.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
        Assert.Equal(400, await db.Institutions.CountAsync(i => i.CreatedByImportRunId == firstRun));
        Assert.Equal(0, await db.InstitutionRevisions.CountAsync()); // nothing changed: no revision
        Assert.Equal(2, await db.ImportRuns.CountAsync());
    }

    [Fact]
    public async Task A_changed_row_updates_the_institution_and_keeps_the_old_value_in_its_history()
    {
        await using var app = await StartAppAsync();
        var records = InstitutionGenerator.Generate(20, 11).ToList();
        Assert.Equal(0, (await app.RunCommandAsync("institutions", "import", Scenario.WriteCsv(records))).ExitCode);

        var before = records[5];
        records[5] = before with { Name = before.Name + "分院", Phone = "03-1234-5678" };
        var run = await app.RunCommandAsync("institutions", "import", Scenario.WriteCsv(records));
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("変更: 1", run.Output);
        Assert.Contains("変更なし: 19", run.Output);

        await using var db = app.Database.CreateContext();
        var institution = await db.Institutions.SingleAsync(i => i.Code == before.Code.Value);
        Assert.Equal(before.Name + "分院", institution.Name);
        Assert.Equal("0312345678", institution.PhoneDigits);
        var change = await db.InstitutionRevisions.SingleAsync(r => r.InstitutionCode == before.Code.Value && r.Kind == RevisionKind.Changed);
        var fields = InstitutionMapping.FromJson(change.Changes);
        Assert.Equal(new string?[] { before.Name, before.Name + "分院" }, fields["Name"]);
        Assert.Equal(new string?[] { before.Phone, "03-1234-5678" }, fields["Phone"]);
        Assert.NotNull(change.ImportRunId);
    }

    [Fact]
    public async Task A_row_changed_outside_the_import_has_no_fingerprint_and_the_next_import_compares_it_field_by_field()
    {
        await using var app = await StartAppAsync();
        var records = InstitutionGenerator.Generate(20, 13).ToList();
        var csv = Scenario.WriteCsv(records);
        Assert.Equal(0, (await app.RunCommandAsync("institutions", "import", csv)).ExitCode);
        var code = records[3].Code.Value;
        var same = records[4].Code.Value;
        await using (var db = app.Database.CreateContext())
        {
            Assert.All(await db.Institutions.ToListAsync(), i => Assert.Equal(InstitutionRowHash.Of(i), i.ImportRowHash));

            // As a succession does (SuccessionTransfer): a compared field written elsewhere, the fingerprint cleared.
            var changed = await db.Institutions.SingleAsync(i => i.Code == code);
            changed.PredecessorCode = "0110113712";
            changed.ImportRowHash = null;
            (await db.Institutions.SingleAsync(i => i.Code == same)).ImportRowHash = null; // no fingerprint, same fields
            await db.SaveChangesAsync();
        }

        var run = await app.RunCommandAsync("institutions", "import", csv);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("変更: 1", run.Output);
        Assert.Contains("変更なし: 19", run.Output);

        await using (var db = app.Database.CreateContext())
        {
            var back = await db.Institutions.SingleAsync(i => i.Code == code);
            Assert.Equal(records[3].PredecessorCode, back.PredecessorCode);
            var revision = await db.InstitutionRevisions.SingleAsync(r => r.InstitutionCode == code);
            Assert.Equal(new string?[] { "0110113712", records[3].PredecessorCode }, InstitutionMapping.FromJson(revision.Changes)["PredecessorCode"]);
            Assert.False(await db.InstitutionRevisions.AnyAsync(r => r.InstitutionCode == same));

            // Both have their fingerprint again: the next import skips them unread.
            Assert.All(await db.Institutions.ToListAsync(), i => Assert.Equal(InstitutionRowHash.Of(i), i.ImportRowHash));
        }

        var again = await app.RunCommandAsync("institutions", "import", csv);
        Assert.Contains("変更なし: 20", again.Output);
    }

    [Fact]
    public async Task A_row_whose_stored_fields_differ_from_its_fingerprint_is_not_taken_for_unchanged_when_the_file_changes_it()
    {
        await using var app = await StartAppAsync();
        var records = InstitutionGenerator.Generate(10, 17).ToList();
        Assert.Equal(0, (await app.RunCommandAsync("institutions", "import", Scenario.WriteCsv(records))).ExitCode);

        // The file changes a row's address: its fingerprint is no longer the stored one, so it is compared and written.
        records[2] = records[2] with { Address = records[2].Address + "別館" };
        var run = await app.RunCommandAsync("institutions", "import", Scenario.WriteCsv(records));
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("変更: 1", run.Output);
        Assert.Contains("変更なし: 9", run.Output);
        await using var db = app.Database.CreateContext();
        var row = await db.Institutions.SingleAsync(i => i.Code == records[2].Code.Value);
        Assert.Equal(records[2].Address, row.Address);
        Assert.Equal(InstitutionRowHash.Of(records[2], records[2].Beds), row.ImportRowHash);
    }

    [Fact]
    public async Task A_full_import_closes_the_institutions_absent_from_the_file_and_a_partial_one_does_not()
    {
        await using var app = await StartAppAsync();
        var records = InstitutionGenerator.Generate(30, 5).Where(r => r.ClosedOn is null).Take(10).ToList();
        Assert.Equal(0, (await app.RunCommandAsync("institutions", "import", Scenario.WriteCsv(records))).ExitCode);
        var withoutLast = Scenario.WriteCsv(records.Take(9));

        var partial = await app.RunCommandAsync("institutions", "import", withoutLast);
        Assert.Contains("廃止: 0", partial.Output);

        var full = await app.RunCommandAsync("institutions", "import", withoutLast, "--full");
        Assert.True(full.ExitCode == 0, full.Error);
        Assert.Contains("廃止: 1", full.Output);
        Assert.Contains("変更なし: 9", full.Output);

        await using var db = app.Database.CreateContext();
        var closed = await db.Institutions.SingleAsync(i => i.Code == records[9].Code.Value);
        Assert.Equal(InstitutionStatus.Closed, closed.Status);
        Assert.NotNull(closed.ClosedOn);
        Assert.Single(await db.InstitutionRevisions.Where(r => r.Kind == RevisionKind.Closed).ToListAsync());
    }

    [Fact]
    public async Task A_file_with_bad_rows_changes_nothing_and_names_every_bad_line()
    {
        await using var app = await StartAppAsync();
        var records = InstitutionGenerator.Generate(5, 9).ToList();
        Assert.Equal(0, (await app.RunCommandAsync("institutions", "import", Scenario.WriteCsv(records))).ExitCode);

        var good = InstitutionGenerator.Generate(3, 99).ToList();
        var lines = File.ReadAllLines(Scenario.WriteCsv(good)).ToList();
        lines.Insert(2, "0110113710,誤った検証番号の医院,,,,0600001,北海道札幌市中央区北1条西1-1,011-111-1111,2001-01-01,,,");
        lines.Add("1310000000,,,,,1000001,東京都千代田区1-1,03-1111-1111,2001-01-01,,,");
        lines.Add(lines[1]); // the first good row again: a duplicate code
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "bad.csv");
        await File.WriteAllLinesAsync(path, lines);

        var run = await app.RunCommandAsync("institutions", "import", path);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("3行目", run.Error);
        Assert.Contains("検証番号", run.Error);
        Assert.Contains("6行目", run.Error);
        Assert.Contains("7行目", run.Error);
        Assert.Contains("データベースは変更していません", run.Error);

        await using var db = app.Database.CreateContext();
        Assert.Equal(5, await db.Institutions.CountAsync());
        Assert.Equal(1, await db.ImportRuns.CountAsync());
        Assert.False(await db.Institutions.AnyAsync(i => i.Code == good[0].Code.Value));
    }

    [Fact]
    public async Task Beds_come_from_the_master_are_compared_on_reimport_kept_by_a_file_without_the_column_and_exported()
    {
        await using var app = await StartAppAsync();
        var records = InstitutionGenerator.Generate(30, 12).ToList();
        var medical = records.FindIndex(r => r.Code.Kind == InstitutionKind.Medical);
        records[medical] = records[medical] with { Beds = 120 };
        Assert.Equal(0, (await app.RunCommandAsync("institutions", "import", Scenario.WriteCsv(records))).ExitCode);
        var code = records[medical].Code.Value;
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(120, (await db.Institutions.SingleAsync(i => i.Code == code)).Beds);
            Assert.Equal(records.Count(r => r.Beds is not null), await db.Institutions.CountAsync(i => i.Beds != null));
        }

        // 120 → 19: a hospital becomes a clinic with beds, and the history says so.
        records[medical] = records[medical] with { Beds = 19 };
        var changed = await app.RunCommandAsync("institutions", "import", Scenario.WriteCsv(records));
        Assert.True(changed.ExitCode == 0, changed.Error);
        Assert.Contains("変更: 1", changed.Output);
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(19, (await db.Institutions.SingleAsync(i => i.Code == code)).Beds);
            var revision = await db.InstitutionRevisions.SingleAsync(r => r.InstitutionCode == code && r.Kind == RevisionKind.Changed);
            Assert.Equal(new string?[] { "120", "19" }, InstitutionMapping.FromJson(revision.Changes)["Beds"]);
            Assert.Equal("病床数", InstitutionStatusNames.FieldLabel("Beds"));
        }

        // A master without the optional column changes nothing: the beds stay.
        var withoutColumn = Scenario.WriteCsv(records);
        var lines = File.ReadAllLines(withoutColumn).Select(l => l[..l.LastIndexOf(',')]);
        File.WriteAllLines(withoutColumn, lines);
        Assert.DoesNotContain("病床数", File.ReadAllText(withoutColumn), StringComparison.Ordinal);
        var kept = await app.RunCommandAsync("institutions", "import", withoutColumn);
        Assert.True(kept.ExitCode == 0, kept.Error);
        Assert.Contains("変更なし: 30", kept.Output);
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(19, (await db.Institutions.SingleAsync(i => i.Code == code)).Beds);
        }

        // The export writes them back, and a bad value is refused with its line.
        var exported = Path.Combine(Directory.CreateTempSubdirectory().FullName, "export.csv");
        Assert.Equal(0, (await app.RunCommandAsync("institutions", "export", "--out", exported)).ExitCode);
        var text = await File.ReadAllLinesAsync(exported);
        Assert.EndsWith(",病床数", text[0], StringComparison.Ordinal);
        var row = Array.FindIndex(text, l => l.StartsWith(code, StringComparison.Ordinal));
        Assert.EndsWith(",19", text[row], StringComparison.Ordinal);
        text[row] = text[row][..text[row].LastIndexOf(',')] + ",二十";
        await File.WriteAllLinesAsync(exported, text);
        var refused = await app.RunCommandAsync("institutions", "import", exported);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains($"{row + 1}行目", refused.Output + refused.Error);
        Assert.Contains("病床数「二十」は0から9999までの数字で入力してください。", refused.Output + refused.Error);
    }

    [Fact]
    public async Task Export_in_Shift_JIS_imports_back_unchanged()
    {
        await using var app = await StartAppAsync();
        await app.ImportGeneratedAsync(150, seed: 21);
        var exported = Path.Combine(Directory.CreateTempSubdirectory().FullName, "export.csv");

        var export = await app.RunCommandAsync("institutions", "export", "--out", exported, "--encoding", "sjis");
        Assert.True(export.ExitCode == 0, export.Error);
        Assert.Contains("150件", export.Output);

        var reimport = await app.RunCommandAsync("institutions", "import", exported);
        Assert.True(reimport.ExitCode == 0, reimport.Error);
        Assert.Contains("Shift_JIS", reimport.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("変更なし: 150", reimport.Output);
    }

    [Fact]
    public async Task Import_rolls_back_entirely_when_the_database_refuses_a_row()
    {
        await using var app = await StartAppAsync();
        var records = InstitutionGenerator.Generate(600, 4).ToList();
        records.Add(records[10]); // past the first insert batch: the primary key refuses it mid-import

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var importer = scope.ServiceProvider.GetRequiredService<InstitutionImporter>();
            await Assert.ThrowsAnyAsync<Exception>(() => importer.ImportAsync(records, new("x.csv", "UTF-8", false, "test")));
        }

        await using var check = app.Database.CreateContext();
        Assert.Equal(0, await check.Institutions.CountAsync());
        Assert.Equal(0, await check.ImportRuns.CountAsync());
        Assert.Equal(0, await check.InstitutionRevisions.CountAsync());
    }

    [Fact]
    public async Task A_large_load_into_an_empty_master_that_the_database_refuses_leaves_no_row_and_every_index()
    {
        await using var app = await StartAppAsync();
        var records = InstitutionGenerator.Generate(20_500, 8).ToList();
        records.Add(records[15_000]); // a large load (indexes dropped, COPY on PostgreSQL): the primary key refuses it
        var indexesBefore = await IndexesAsync(app);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var importer = scope.ServiceProvider.GetRequiredService<InstitutionImporter>();
            await Assert.ThrowsAnyAsync<Exception>(() => importer.ImportAsync(records, new("x.csv", "UTF-8", false, "test")));
        }

        Assert.Equal(indexesBefore, await IndexesAsync(app));
        await using var check = app.Database.CreateContext();
        Assert.Equal(0, await check.Institutions.CountAsync());
        Assert.Equal(0, await check.ImportRuns.CountAsync());
    }

    /// <summary>The table's indexes, and on SQLite its triggers too (the search index's insert trigger is dropped for a large load).</summary>
    private static async Task<List<string>> IndexesAsync(PortalAppFactory app)
    {
        await using var db = app.Database.CreateContext();
        var query = db.Database.IsSqlite()
            ? "SELECT type || ' ' || name AS \"Value\" FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = 'Institutions' ORDER BY name"
            : "SELECT indexname AS \"Value\" FROM pg_indexes WHERE tablename = 'Institutions' ORDER BY indexname";
        var names = await db.Database.SqlQueryRaw<string>(query).ToListAsync();
        Assert.Contains(names, n => n.Contains("SearchText", StringComparison.Ordinal) || n.Contains("PhoneDigits", StringComparison.Ordinal));
        return names;
    }
}

public sealed class InstitutionImportTestsOnSqlite : InstitutionImportTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class InstitutionImportTestsOnPostgres : InstitutionImportTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
