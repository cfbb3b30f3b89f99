using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.Institutions.Search;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// The name search (SQLite's trigram index, PostgreSQL's LIKE) against the plain definition: every institution
/// whose stored search text contains the normalised term, in code order, with the other conditions; and the count's
/// limit (exact up to <see cref="InstitutionSearch.CountLimit"/>, "at least" above it).
/// </summary>
public abstract class InstitutionSearchTests : DataTest
{
    /// <summary>Names that exercise the index: one and two characters, mixed width, hiragana for katakana, ASCII case, LIKE's and FTS5's own signs.</summary>
    private static readonly (string Name, string Kana)[] Crafted =
    [
        ("ABC Clinic 鶴見", "エービーシークリニック ツルミ"),
        ("abc歯科", "エービーシーシカ"),
        ("ﾐﾄﾞﾘ薬局", "ﾐﾄﾞﾘﾔｯｷｮｸ"),
        ("100% \"クオート\" 医院", "ヒャクパーセントクオートイイン"),
        ("田_中\\内科", "タナカナイカ"),
        ("鶴", "ツル"),
        ("ＡＢＣ内科", "エービーシーナイカ"),
    ];

    /// <summary>Terms of one, two and three or more characters, in the forms an operator types them.</summary>
    private static readonly string[] Terms =
    [
        "鶴", "ル", "科", "医", "ﾂ", "a", "A", "%", "_", "\\", "\"",
        "鶴見", "内科", "つる", "ﾂﾙ", "AB", "ab", "% ", "_中", "\"ク", "薬局", "Cl",
        "クリニック", "くりにっく", "ｸﾘﾆｯｸ", "ABC", "ａｂｃ", "abc", "ABC Clinic", "100%", "田_中\\内", "\"クオート\"", "ミドリ薬局", "該当なし語",
    ];

    [Fact]
    public async Task A_name_search_finds_exactly_what_a_plain_scan_of_the_search_text_finds()
    {
        await using var app = await StartAppAsync();
        var records = await ImportAsync(app, 300);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var all = await db.Institutions.AsNoTracking().Select(i => new { i.Code, i.SearchText, i.Prefecture, i.Kind, i.PhoneDigits }).ToListAsync();
        var target = records[Crafted.Length + 5];

        foreach (var term in Terms.Concat([target.Name[..1], target.Name[..2], target.NameKana[..3]]))
        {
            var normal = TextNormalization.Kana(term);
            var expected = all.Where(i => i.SearchText.Contains(normal, StringComparison.Ordinal)).Select(i => i.Code).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, await AllPagesAsync(app, new InstitutionSearchCriteria { Name = term }));

            var inPrefecture = all.Where(i => i.Prefecture == target.Code.Prefecture && i.SearchText.Contains(normal, StringComparison.Ordinal))
                .Select(i => i.Code).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(inPrefecture, await AllPagesAsync(app, new InstitutionSearchCriteria { Name = term, Prefecture = target.Code.Prefecture }));

            var ofKind = all.Where(i => i.Kind == target.Code.Kind && i.SearchText.Contains(normal, StringComparison.Ordinal))
                .Select(i => i.Code).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(ofKind, await AllPagesAsync(app, new InstitutionSearchCriteria { Name = term, Kind = target.Code.Kind }));

            var both = ofKind.Intersect(inPrefecture).ToList();
            Assert.Equal(both, await AllPagesAsync(app, new InstitutionSearchCriteria { Name = term, Prefecture = target.Code.Prefecture, Kind = target.Code.Kind }));
        }

        // Prefecture and kind alone (a range of the key on both databases).
        Assert.Equal(
            all.Where(i => i.Prefecture == target.Code.Prefecture && i.Kind == target.Code.Kind).Select(i => i.Code).Order(StringComparer.Ordinal),
            await AllPagesAsync(app, new InstitutionSearchCriteria { Prefecture = target.Code.Prefecture, Kind = target.Code.Kind }));

        // With a code prefix, a full code and a phone number as well.
        var name = TextNormalization.Kana(target.Name[..2]);
        var prefix = target.Code.Value[..3];
        Assert.Equal(
            all.Where(i => i.Code.StartsWith(prefix, StringComparison.Ordinal) && i.SearchText.Contains(name, StringComparison.Ordinal)).Select(i => i.Code).Order(StringComparer.Ordinal),
            await AllPagesAsync(app, new InstitutionSearchCriteria { Name = target.Name[..2], Code = prefix }));
        Assert.Equal([target.Code.Value], await AllPagesAsync(app, new InstitutionSearchCriteria { Name = target.Name, Code = target.Code.Value }));
        Assert.Empty(await AllPagesAsync(app, new InstitutionSearchCriteria { Name = "該当なし語", Code = target.Code.Value }));
        var phone = all.Single(i => i.Code == target.Code.Value).PhoneDigits;
        if (phone.Length > 0)
        {
            Assert.Contains(target.Code.Value, await AllPagesAsync(app, new InstitutionSearchCriteria { Name = target.Name[..1], Phone = phone }));
        }
    }

    [Fact]
    public async Task The_name_index_follows_every_change_of_the_master()
    {
        await using var app = await StartAppAsync();
        var records = await ImportAsync(app, 40);

        // A re-import that renames one institution (an update) and adds one (an insert).
        var renamed = records[20] with { Name = "改名後クリニック", NameKana = "カイメイゴクリニック" };
        var added = InstitutionGenerator.Generate(60, 5).Skip(59).Single() with { Name = "新規追加医院", NameKana = "シンキツイカイイン" };
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Features.Institutions.Import.InstitutionImporter>()
                .ImportAsync([.. records.Select(r => r == records[20] ? renamed : r), added], new Features.Institutions.Import.ImportRequest("again.csv", "UTF-8", Full: false, RunBy: "test"));
        }

        Assert.Equal([renamed.Code.Value], await AllPagesAsync(app, new InstitutionSearchCriteria { Name = "改名後" }));
        Assert.Equal([added.Code.Value], await AllPagesAsync(app, new InstitutionSearchCriteria { Name = "新規追加" }));
        Assert.DoesNotContain(renamed.Code.Value, await AllPagesAsync(app, new InstitutionSearchCriteria { Name = records[20].Name }));

        // A change through EF (as a succession or an operator's edit writes the row).
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var row = await db.Institutions.SingleAsync(i => i.Code == records[3].Code.Value);
            row.SearchText = InstitutionMapping.SearchTextOf("編集済み", "ヘンシュウズミ");
            await db.SaveChangesAsync();
        }

        Assert.Equal([records[3].Code.Value], await AllPagesAsync(app, new InstitutionSearchCriteria { Name = "へんしゅう" }));

        // The index holds exactly the master's search texts (so a migration that rebuilt the table and lost the
        // triggers would show here).
        await AssertIndexIsTheMasterAsync(app);
    }

    [Fact]
    public async Task A_large_load_is_indexed_with_its_rows_and_the_index_follows_the_master_after_it()
    {
        // Loads of 20,000 rows or more: on SQLite their index is filled in one statement after the rows, the insert
        // trigger dropped meanwhile. Into an empty master, then beside rows already indexed (codes interleaved).
        await using var app = await StartAppAsync();
        var generated = InstitutionGenerator.Generate(40_101, 12).ToList();
        var outside = generated[3]; // added later through EF, not by an import
        var all = generated.Where(r => r != outside).ToList();
        var half = all.Where((_, i) => i % 2 == 0).ToList();
        await ImportRecordsAsync(app, half);
        await AssertIndexIsTheMasterAsync(app);
        var target = all[1] with { Name = "大量追加後医院", NameKana = "タイリョウツイカゴイイン" };
        await ImportRecordsAsync(app, [.. all.Select(r => r == all[1] ? target : r)]);
        await AssertIndexIsTheMasterAsync(app);
        Assert.Equal([target.Code.Value], await AllPagesAsync(app, new InstitutionSearchCriteria { Name = "大量追加後" }));

        // The insert trigger is back: a row added outside the import is found too.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            db.Institutions.Add((outside with { Name = "手入力追加医院", NameKana = "テニュウリョクツイカイイン" }).ToInstitution(DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }

        Assert.Single(await AllPagesAsync(app, new InstitutionSearchCriteria { Name = "手入力追加" }));
        await AssertIndexIsTheMasterAsync(app);
    }

    /// <summary>On SQLite, the index holds exactly the master's search texts, by code.</summary>
    private async Task AssertIndexIsTheMasterAsync(PortalAppFactory app)
    {
        if (!IsSqlite)
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var master = await db.Institutions.AsNoTracking().OrderBy(i => i.Code).Select(i => i.Code + "|" + i.SearchText).ToListAsync();
        var index = await db.Database.SqlQueryRaw<string>(
            $"""SELECT printf('%010d', rowid) || '|' || substr("SearchText", 1, length("SearchText") - 2) AS "Value" FROM "{SqliteSearchIndex.Table}" ORDER BY rowid""").ToListAsync();
        Assert.Equal(master, index);
    }

    [Fact]
    public async Task The_count_is_exact_up_to_the_limit_and_at_least_above_it()
    {
        await using var app = await StartAppAsync();
        await app.ImportGeneratedAsync(InstitutionSearch.CountLimit + 40, seed: 3);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await db.Database.ExecuteSqlRawAsync("""UPDATE "Institutions" SET "SearchText" = "SearchText" || '共通語'""");
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var search = scope.ServiceProvider.GetRequiredService<InstitutionSearch>();
            var many = await search.SearchAsync(new InstitutionSearchCriteria { Name = "共通語", Page = 7 });
            Assert.Equal((InstitutionSearch.CountLimit, true, 7, InstitutionSearch.CountLimit / InstitutionSearch.PageSize), (many.Total, many.TotalIsAtLeast, many.Page, many.PageCount));
            Assert.Equal(InstitutionSearch.PageSize, many.Items.Count);

            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var ordered = await db.Institutions.AsNoTracking().OrderBy(i => i.Code).Select(i => i.Code).ToListAsync();
            Assert.Equal(ordered.Skip(6 * InstitutionSearch.PageSize).Take(InstitutionSearch.PageSize), many.Items.Select(i => i.Code));

            // Fewer than the limit: exact, whatever the plan.
            var prefecture = await db.Institutions.GroupBy(i => i.Prefecture).OrderByDescending(g => g.Count()).Select(g => new { g.Key, Count = g.Count() }).FirstAsync();
            var few = await search.SearchAsync(new InstitutionSearchCriteria { Name = "共通", Prefecture = prefecture.Key });
            Assert.Equal((prefecture.Count, false), (few.Total, few.TotalIsAtLeast));
        }

        // The page says what it knows: "at least", the first ones in code order, and to narrow the search.
        var (email, password) = await app.AddOperatorAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, "/operator");
        var (_, html) = await session.GetAsync("/operator/institutions?Criteria.Name=" + Uri.EscapeDataString("共通語"));
        Assert.Contains("1,000件以上（1 / 50 ページ）", html);
        Assert.Contains("コード順に最初の1,000件までを表示しています。", html);
        var (_, exact) = await session.GetAsync("/operator/institutions?Criteria.Name=" + Uri.EscapeDataString("共通語") + "&Criteria.Prefecture=1");
        Assert.DoesNotContain("件以上", exact);
        Assert.DoesNotContain("コード順に最初の", exact);
    }

    private bool IsSqlite => this is InstitutionSearchTestsOnSqlite;

    /// <summary>The generated master with the crafted names on its first rows.</summary>
    private static async Task<List<InstitutionRecord>> ImportAsync(PortalAppFactory app, int count)
    {
        var records = InstitutionGenerator.Generate(count, 11)
            .Select((r, i) => i < Crafted.Length ? r with { Name = Crafted[i].Name, NameKana = Crafted[i].Kana } : r)
            .ToList();
        await ImportRecordsAsync(app, records);
        return records;
    }

    private static async Task ImportRecordsAsync(PortalAppFactory app, List<InstitutionRecord> records)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Features.Institutions.Import.InstitutionImporter>()
            .ImportAsync(records, new Features.Institutions.Import.ImportRequest("test.csv", "UTF-8", Full: false, RunBy: "test"));
    }

    /// <summary>Every page of a search, as the codes it lists.</summary>
    private static async Task<List<string>> AllPagesAsync(PortalAppFactory app, InstitutionSearchCriteria criteria)
    {
        var codes = new List<string>();
        for (var page = 1; ; page++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            criteria.Page = page;
            var result = await scope.ServiceProvider.GetRequiredService<InstitutionSearch>().SearchAsync(criteria);
            Assert.False(result.TotalIsAtLeast);
            codes.AddRange(result.Items.Select(i => i.Code));
            if (page >= result.PageCount)
            {
                Assert.Equal(result.Total, codes.Count);
                return codes;
            }
        }
    }
}

public sealed class InstitutionSearchTestsOnSqlite : InstitutionSearchTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class InstitutionSearchTestsOnPostgres : InstitutionSearchTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
