using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Dashboard;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Procedures.Road;
using OnshiPortal.Tests.Support;
using static OnshiPortal.Tests.Support.DashboardScenario;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// Issue 18: the dashboard's road to 運用開始, counted by hand on DashboardScenario's institutions (active A, B, C, D,
/// E, H; accounts that count A, C, D, E; F closed, G succeeded) and these filings:
/// A: 利用申請 受理 2/10, again 3/5 (counts once, in February), 運用開始日 3/15 受理.
/// C: 利用申請 受理 at 4/1 00:30 in Japan (3/31 in UTC: April). D: 利用申請 受理 3/10, 運用開始日 in 受付 (not yet).
/// E: 利用申請 in 受付. F (closed): 利用申請 and 運用開始 受理, which do not count.
/// </summary>
public abstract class RoadDashboardTests : DataTest
{
    [Fact]
    public async Task The_road_counts_institutions_at_each_step_by_prefecture_and_kind()
    {
        await using var app = await StartAppAsync();
        await ArrangeRoadAsync(app);
        var road = (await LoadAsync(app)).Road;

        Assert.Equal(("全国", 6L, 4L, 3L, 1L), Row(road.Overall));
        Assert.Equal(47, road.ByPrefecture.Count);
        Assert.Equal(("北海道", 3L, 2L, 2L, 1L), Row(road.ByPrefecture[0]));
        Assert.Equal(("東京都", 2L, 2L, 1L, 0L), Row(road.ByPrefecture[12]));
        Assert.Equal(("大阪府", 0L, 0L, 0L, 0L), Row(road.ByPrefecture[26]));
        Assert.Equal(("沖縄県", 1L, 0L, 0L, 0L), Row(road.ByPrefecture[46]));
        Assert.Equal(3, road.ByPrefecture.Sum(r => r.Applied));
        Assert.Equal([("医科", 3L, 2L, 2L, 1L), ("歯科", 1L, 1L, 1L, 0L), ("薬局", 2L, 1L, 0L, 0L)], road.ByKind.Select(Row));
        Assert.Equal(1.0 / 6, road.Overall.StartedRate);

        var funnel = road.Overall.ToFunnel("全国");
        Assert.Equal([("有効な医療機関等", 6L), ("アカウント登録", 4L), ("利用申請 受理", 3L), ("運用開始", 1L)], funnel.Stages.Select(s => (s.Name, s.Count)));
        Assert.Equal([null, 4.0 / 6, 3.0 / 4, 1.0 / 3], funnel.Stages.Select(s => s.FromPrevious));
    }

    [Fact]
    public async Task The_months_count_first_acceptances_in_japan_time_and_start_dates_up_to_this_month()
    {
        await using var app = await StartAppAsync();
        await ArrangeRoadAsync(app);
        var months = (await LoadAsync(app)).Road.Monthly;

        Assert.Equal(
            [
                (new DateOnly(2026, 2, 1), 1L, 1L, 0L, 0L),
                (new DateOnly(2026, 3, 1), 1L, 2L, 1L, 1L),
                (new DateOnly(2026, 4, 1), 1L, 3L, 0L, 1L),
            ],
            months.Select(m => (m.Month, m.Applied, m.AppliedTotal, m.Started, m.StartedTotal)));
    }

    [Fact]
    public async Task The_page_shows_the_road_and_its_csv_files()
    {
        await using var app = await StartAppAsync();
        await ArrangeRoadAsync(app);
        var (email, password) = await app.AddOperatorAsync();
        var session = new HttpSession(app.WithClock(new ManualClock(Now)).CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            BaseAddress = new Uri("https://localhost"),
            HandleCookies = true,
        }));
        await session.LogInAsync(email, password, "/operator");

        var (_, page) = await session.GetAsync("/operator/dashboard");
        Assert.Contains("運用開始までの道のり", page);
        Assert.Contains("運用開始までの道のり（全国）の到達状況: 有効な医療機関等 6件、アカウント登録 4件（66.7%）、利用申請 受理 3件（50.0%）、運用開始 1件（16.7%）", page);
        Assert.Contains("運用開始の推移の折れ線グラフ。2026年2月から2026年4月まで、累計 1件。", page);

        var kinds = Csv(await session.Client.GetByteArrayAsync("/operator/dashboard?handler=Csv&table=roadkinds&encoding=utf8"), utf8: true);
        Assert.Equal(["点数表番号,種別,有効な医療機関等,アカウント登録,利用申請 受理,運用開始,運用開始率(%)", "1,医科,3,2,2,1,33.3", "3,歯科,1,1,1,0,0.0", "4,薬局,2,1,0,0,0.0", ",全国,6,4,3,1,16.7"], kinds);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var prefectures = Csv(await session.Client.GetByteArrayAsync("/operator/dashboard?handler=Csv&table=roadprefectures&encoding=sjis"), utf8: false);
        Assert.Contains("01,北海道,3,2,2,1,33.3", prefectures);
        Assert.Equal(49, prefectures.Length);
        var monthly = Csv(await session.Client.GetByteArrayAsync("/operator/dashboard?handler=Csv&table=roadmonthly&encoding=utf8"), utf8: true);
        Assert.Equal(["月,利用申請 受理,利用申請 受理（累計）,運用開始,運用開始（累計）", "2026-02,1,1,0,0", "2026-03,1,2,1,1", "2026-04,1,3,0,1"], monthly);
    }

    [Fact]
    public async Task A_corrected_start_date_moves_the_institution_to_its_month()
    {
        await using var app = await StartAppAsync();
        await ArrangeRoadAsync(app);
        await app.AddRoadFilingAsync(A, FilingType.OperationStart, FilingState.Accepted, new DateTimeOffset(2026, 3, 20, 12, 0, 0, TimeSpan.FromHours(9)), new DateOnly(2026, 4, 6));
        var road = (await LoadAsync(app)).Road;

        Assert.Equal(1, road.Overall.Started);
        Assert.Equal([(new DateOnly(2026, 3, 1), 0L), (new DateOnly(2026, 4, 1), 1L)], road.Monthly.Skip(1).Select(m => (m.Month, m.Started)));
    }

    [Fact]
    public async Task The_migrations_backfill_of_the_milestones_agrees_with_the_acceptance_hooks()
    {
        await using var app = await StartAppAsync();
        await ArrangeRoadAsync(app);
        await app.AddRoadFilingAsync(A, FilingType.OperationStart, FilingState.Accepted, new DateTimeOffset(2026, 3, 20, 12, 0, 0, TimeSpan.FromHours(9)), new DateOnly(2026, 4, 6));
        await using var db = app.Database.CreateContext();
        var kept = await MilestonesAsync(db);
        Assert.Equal((new DateOnly(2026, 2, 10), new DateOnly(2026, 4, 6)), kept[A]);
        Assert.Equal((new DateOnly(2026, 4, 1), (DateOnly?)null), kept[C]); // 受理 on 3/31 in UTC, 4/1 in Japan
        Assert.Equal((new DateOnly(2026, 3, 10), (DateOnly?)null), kept[D]); // its 運用開始日 is still in 受付
        Assert.Equal(((DateOnly?)null, (DateOnly?)null), kept[E]);

        await db.Institutions.ExecuteUpdateAsync(s => s.SetProperty(i => i.ServiceAppliedOn, (DateOnly?)null).SetProperty(i => i.OperationStartedOn, (DateOnly?)null));
        await db.Database.ExecuteSqlRawAsync(db.Database.IsSqlite() ? RoadMilestones.BackfillSqlite : RoadMilestones.BackfillPostgres);

        Assert.Equal(kept, await MilestonesAsync(db));
    }

    private static Task<Dictionary<string, (DateOnly? Applied, DateOnly? Started)>> MilestonesAsync(Infrastructure.Data.PortalDbContext db) =>
        db.Institutions.AsNoTracking().ToDictionaryAsync(i => i.Code, i => (i.ServiceAppliedOn, i.OperationStartedOn));

    private static async Task ArrangeRoadAsync(PortalAppFactory app)
    {
        await ArrangeAsync(app);
        var jst = TimeSpan.FromHours(9);
        await app.AddRoadFilingAsync(A, FilingType.ServiceApplication, FilingState.Accepted, new DateTimeOffset(2026, 2, 10, 12, 0, 0, jst));
        await app.AddRoadFilingAsync(A, FilingType.ServiceApplication, FilingState.Accepted, new DateTimeOffset(2026, 3, 5, 12, 0, 0, jst));
        await app.AddRoadFilingAsync(A, FilingType.OperationStart, FilingState.Accepted, new DateTimeOffset(2026, 3, 1, 12, 0, 0, jst), new DateOnly(2026, 3, 15));
        await app.AddRoadFilingAsync(C, FilingType.ServiceApplication, FilingState.Accepted, new DateTimeOffset(2026, 4, 1, 0, 30, 0, jst));
        await app.AddRoadFilingAsync(D, FilingType.ServiceApplication, FilingState.Accepted, new DateTimeOffset(2026, 3, 10, 12, 0, 0, jst));
        await app.AddRoadFilingAsync(D, FilingType.OperationStart, FilingState.Submitted, new DateTimeOffset(2026, 3, 20, 12, 0, 0, jst), new DateOnly(2026, 4, 1));
        await app.AddRoadFilingAsync(E, FilingType.ServiceApplication, FilingState.Submitted, new DateTimeOffset(2026, 4, 2, 12, 0, 0, jst));
        await app.AddRoadFilingAsync(F, FilingType.ServiceApplication, FilingState.Accepted, new DateTimeOffset(2026, 1, 10, 12, 0, 0, jst));
        await app.AddRoadFilingAsync(F, FilingType.OperationStart, FilingState.Accepted, new DateTimeOffset(2026, 1, 20, 12, 0, 0, jst), new DateOnly(2026, 1, 25));
    }

    private static async Task<DashboardFigures> LoadAsync(PortalAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Infrastructure.Data.PortalDbContext>();
        return await new RegistrationDashboard(db, new ManualClock(Now)).LoadAsync();
    }

    private static string[] Csv(byte[] bytes, bool utf8)
    {
        var text = utf8 ? Encoding.UTF8.GetString(bytes.AsSpan(3)) : Encoding.GetEncoding(932).GetString(bytes);
        Assert.EndsWith("\r\n", text);
        return text[..^2].Split("\r\n");
    }

    private static (string, long, long, long, long) Row(RoadRow row) => (row.Label, row.Active, row.Registered, row.Applied, row.Started);
}

public sealed class RoadDashboardTestsOnSqlite : RoadDashboardTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class RoadDashboardTestsOnPostgres : RoadDashboardTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
