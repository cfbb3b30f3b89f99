using System.Data;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Dashboard;

/// <summary>
/// 登録状況: the figures the operator watches to reach the deadline. Each is an aggregate the database computes
/// (GROUP BY over indexes; docs/benchmarks.md), never rows loaded into the application: the master has 250,000
/// institutions and, in the end, as many accounts.
/// </summary>
/// <remarks>
/// What counts: an institution is active while its status is 有効 (closed ones and those that handed their account
/// to a successor code are not); an activated account is a portal account bound to an institution code (made by
/// activating a letter's login, or by self-registration), and it counts for its institution only while that
/// institution is active, so that no rate passes 100%. The series over time counts accounts by the Japanese day
/// they were created and divides by today's active institutions: how far the institutions that must register
/// today had got by each day.
/// </remarks>
public sealed class RegistrationDashboard(PortalDbContext db, TimeProvider clock)
{
    public async Task<DashboardFigures> LoadAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var today = JapanTime.DayOf(now);
        var sqlite = db.Database.IsSqlite();

        // One snapshot for every figure, so that the rates, the series and the funnels agree with each other.
        List<StepCount> steps;
        Dictionary<long, long> accountsByDay;
        List<CampaignDaySteps> letterDays;
        List<CampaignFunnel> campaigns;
        List<FilingRow> filings;
        List<RoadMonth> roadMonths;
        await using (var transaction = await BeginSnapshotAsync(sqlite, cancellationToken))
        {
            steps = await StepCounts(db).ToListAsync(cancellationToken);
            accountsByDay = await AccountDays(db).ToDictionaryAsync(d => (long)d.Day.DayNumber, d => d.Accounts, cancellationToken);
            letterDays = await CampaignFunnels.StepsByDay(db).ToListAsync(cancellationToken);
            campaigns = await CampaignFunnels.LoadAsync(db, letterDays, cancellationToken);
            filings = await FilingCounts.LoadAsync(db, cancellationToken);
            roadMonths = await RoadFunnels.MonthlyAsync(db, today, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var cells = Cells(steps);
        RateRow Row(string key, string label, Func<int, int, bool> includes)
        {
            long active = 0, accounts = 0;
            foreach (var (cell, counts) in cells.Where(c => includes(c.Key.Prefecture, (int)c.Key.Kind)))
            {
                active += counts.Count;
                accounts += counts.Accounts;
            }

            return new RateRow(key, label, active, accounts);
        }

        var overall = Row(string.Empty, "全国", (_, _) => true);
        var byPrefecture = Prefectures.All
            .Select(p => Row(p.Code.ToString("00", CultureInfo.InvariantCulture), p.Name, (prefecture, _) => prefecture == p.Code))
            .ToList();
        var byKind = Enum.GetValues<InstitutionKind>()
            .Select(k => Row(((int)k).ToString(CultureInfo.InvariantCulture), k.Japanese(), (_, kind) => kind == (int)k))
            .ToList();
        var daily = Daily(accountsByDay, today, overall.Institutions);
        var funnel = LetterFunnel(steps);
        var responses = ResponseCurves.From(campaigns, letterDays, today);
        var roadCells = cells.ToDictionary(c => c.Key, c => (c.Value.Applied, c.Value.Started));
        var road = RoadFunnels.Compose(overall, byPrefecture, byKind, roadCells, roadMonths);
        return new DashboardFigures(now, overall, byPrefecture, byKind, daily, funnel, campaigns, responses, filings, road);
    }

    /// <summary>
    /// Institutions by status, prefecture, kind and the steps they reached (<see cref="Institution.DashboardSteps"/>):
    /// one GROUP BY read from <c>IX_Institutions_Dashboard</c> alone, in its order, about a thousand groups.
    /// </summary>
    internal static IQueryable<StepCount> StepCounts(PortalDbContext db) =>
        db.Institutions.AsNoTracking()
            .GroupBy(i => new { i.Status, i.Prefecture, i.Kind, i.DashboardSteps })
            .Select(g => new StepCount(g.Key.Status, g.Key.Prefecture, g.Key.Kind, g.Key.DashboardSteps, g.LongCount()));

    /// <summary>Active institutions by prefecture and kind, with those of each cell that have an account and that reached the road's milestones.</summary>
    internal static Dictionary<(int Prefecture, InstitutionKind Kind), InstitutionCell> Cells(IEnumerable<StepCount> steps) =>
        steps.Where(s => s.Status == InstitutionStatus.Active)
            .GroupBy(s => (s.Prefecture, s.Kind))
            .ToDictionary(g => g.Key, g => new InstitutionCell(
                g.Sum(s => s.Count), Reached(g, DashboardStep.Account), Reached(g, DashboardStep.ServiceApplied), Reached(g, DashboardStep.OperationStarted)));

    private static long Reached(IEnumerable<StepCount> steps, DashboardStep step) => steps.Where(s => s.Steps.HasFlag(step)).Sum(s => s.Count);

    /// <summary>
    /// The accounts that count by the Japanese day they were made: those of record of active institutions, one range of
    /// <c>IX_Institutions_AccountCreated</c> grouped in its order.
    /// </summary>
    internal static IQueryable<AccountDay> AccountDays(PortalDbContext db) =>
        db.Institutions.AsNoTracking()
            .Where(i => i.Status == InstitutionStatus.Active && i.AccountCreatedOn != null)
            .GroupBy(i => i.AccountCreatedOn)
            .Select(g => new AccountDay(g.Key!.Value, g.LongCount()));

    /// <summary>
    /// A read-only snapshot. SQLite's own transactions begin IMMEDIATE, which would hold the write lock and stop
    /// every login and activation for the length of the computation: a deferred one only reads, from the moment of
    /// its first query (WAL). PostgreSQL reads one snapshot at REPEATABLE READ, planned as <see cref="DashboardSql.PostgresSettings"/> says.
    /// </summary>
    private async Task<IDbContextTransaction> BeginSnapshotAsync(bool sqlite, CancellationToken cancellationToken)
    {
        if (sqlite)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            var deferred = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
            return (await db.Database.UseTransactionAsync(deferred, cancellationToken))!;
        }

        var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await db.Database.ExecuteSqlRawAsync(DashboardSql.PostgresSettings, cancellationToken);
        return transaction;
    }

    /// <summary>
    /// The funnel of every temporary credential, whichever way it was issued (campaigns, the call centre, the
    /// command line); each campaign has its own funnel as well (<see cref="CampaignFunnels"/>). Each step counts
    /// institutions, not rows: 仮ID発行 (a temporary credential was issued), 仮IDで初回ログイン (a successful
    /// temporary login), 本登録の申請 (アカウント情報編集 confirmed, waiting for the e-mail link), 登録完了 (a credential
    /// spent by a completed activation): steps on the master row, whatever the institution's status.
    /// </summary>
    private static Funnel LetterFunnel(IReadOnlyList<StepCount> steps) =>
        Funnel.From("すべての仮ID（キャンペーン・個別発行を含む）", [
            new FunnelStep("仮ID発行", Reached(steps, DashboardStep.CredentialIssued)),
            new FunnelStep("仮IDで初回ログイン", Reached(steps, DashboardStep.TemporaryLogin)),
            new FunnelStep("本登録の申請", Reached(steps, DashboardStep.ActivationRequested)),
            new FunnelStep("登録完了", Reached(steps, DashboardStep.Activated)),
        ]);

    /// <summary>The series from the first day an account that counts was made to today (an empty one before the first).</summary>
    private static List<DailyPoint> Daily(Dictionary<long, long> accountsByDayNumber, DateOnly today, long activeInstitutions)
    {
        if (accountsByDayNumber.Count == 0)
        {
            return [];
        }

        var first = DateOnly.FromDayNumber((int)accountsByDayNumber.Keys.Min());
        return Series(accountsByDayNumber, first, first > today ? first : today, activeInstitutions);
    }

    /// <summary>Every day from <paramref name="first"/> to <paramref name="last"/>, days without a new account included (a flat line).</summary>
    internal static List<DailyPoint> Series(IReadOnlyDictionary<long, long> accountsByDayNumber, DateOnly first, DateOnly last, long activeInstitutions)
    {
        var points = new List<DailyPoint>();
        long cumulative = 0;
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var added = accountsByDayNumber.GetValueOrDefault(day.DayNumber);
            cumulative += added;
            points.Add(new DailyPoint(day, added, cumulative, activeInstitutions == 0 ? null : (double)cumulative / activeInstitutions));
        }

        return points;
    }

}

/// <summary>Institutions of one status, prefecture and kind that reached exactly <see cref="Steps"/>.</summary>
internal sealed record StepCount(InstitutionStatus Status, int Prefecture, InstitutionKind Kind, DashboardStep Steps, long Count);

/// <summary>Active institutions of a prefecture and kind; <see cref="Accounts"/> of them have an account, <see cref="Applied"/> and <see cref="Started"/> reached 利用申請 受理 and 運用開始.</summary>
internal sealed record InstitutionCell(long Count, long Accounts, long Applied, long Started);

/// <summary>Accounts of record of active institutions made on one Japanese day.</summary>
internal sealed record AccountDay(DateOnly Day, long Accounts);
