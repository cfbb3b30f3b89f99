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
        var sqlite = db.Database.IsSqlite();

        // One snapshot for every figure, so that the rates, the series and the funnels agree with each other.
        await using var transaction = await BeginSnapshotAsync(sqlite, cancellationToken);

        var institutions = await Cells(db).ToListAsync(cancellationToken);
        var accountsByPrefix = await db.Database
            .SqlQueryRaw<PrefixCount>(sqlite ? DashboardSql.AccountsByPrefixSqlite : DashboardSql.AccountsByPrefix)
            .ToDictionaryAsync(c => c.Prefix, c => c.Accounts, cancellationToken);
        var notCounting = await db.Database
            .SqlQueryRaw<PrefixDayCount>(sqlite ? DashboardSql.NotCountingSqlite : DashboardSql.NotCountingPostgres)
            .ToListAsync(cancellationToken);

        // By prefix once (thousands of prefix-and-day rows, summed for each of the 51 rows' cells otherwise).
        var notCountingByPrefix = notCounting.GroupBy(n => n.Prefix).ToDictionary(g => g.Key, g => g.Sum(n => n.Accounts));

        RateRow Row(string key, string label, Func<int, int, bool> includes)
        {
            long active = 0, accounts = 0;
            foreach (var cell in institutions.Where(c => includes(c.Prefecture, (int)c.Kind)))
            {
                active += cell.Count;
                var prefix = Prefix(cell.Prefecture, (int)cell.Kind);
                accounts += accountsByPrefix.GetValueOrDefault(prefix) - notCountingByPrefix.GetValueOrDefault(prefix);
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
        var daily = await DailyAsync(JapanTime.DayOf(now), notCounting, overall.Institutions, sqlite, cancellationToken);
        var funnel = await LetterFunnelAsync(cancellationToken);
        var campaigns = await CampaignFunnels.LoadAsync(db, cancellationToken);
        var responses = await ResponseCurves.LoadAsync(db, campaigns, JapanTime.DayOf(now), sqlite, cancellationToken);
        var filings = await FilingCounts.LoadAsync(db, cancellationToken);
        var roadMonths = await RoadFunnels.MonthlyAsync(db, JapanTime.DayOf(now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var roadCells = institutions.ToDictionary(c => (c.Prefecture, c.Kind), c => (c.Applied, c.Started));
        var road = RoadFunnels.Compose(overall, byPrefecture, byKind, roadCells, roadMonths);
        return new DashboardFigures(now, overall, byPrefecture, byKind, daily, funnel, campaigns, responses, filings, road);
    }

    /// <summary>
    /// Active institutions by prefecture and kind, with those of each cell that reached the road's milestones: one
    /// GROUP BY read from <c>IX_Institutions_Dashboard</c> alone.
    /// </summary>
    internal static IQueryable<InstitutionCell> Cells(PortalDbContext db) =>
        db.Institutions.AsNoTracking()
            .Where(i => i.Status == InstitutionStatus.Active)
            .GroupBy(i => new { i.Prefecture, i.Kind })
            .Select(g => new InstitutionCell(
                g.Key.Prefecture,
                g.Key.Kind,
                g.LongCount(),
                g.LongCount(i => i.ServiceAppliedOn != null),
                g.LongCount(i => i.OperationStartedOn != null)));

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

    /// <summary>Accounts that count, by the Japanese day they were created, from the first such day to today.</summary>
    private async Task<List<DailyPoint>> DailyAsync(DateOnly today, List<PrefixDayCount> notCounting, long activeInstitutions, bool sqlite, CancellationToken cancellationToken)
    {
        // The oldest account's creation time: the first entry of the (CreatedAt, AccountOf) index that has a code.
        var oldest = await db.Users.AsNoTracking()
            .Where(u => u.AccountOf != null)
            .OrderBy(u => u.CreatedAt)
            .Select(u => (DateTimeOffset?)u.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (oldest is null)
        {
            return [];
        }

        var first = JapanTime.DayOf(oldest.Value);
        var last = first > today ? first : today;
        var counts = sqlite
            ? db.Database.SqlQueryRaw<DayCount>(DashboardSql.AccountsByDaySqlite, first.DayNumber, last.DayNumber)
            : db.Database.SqlQueryRaw<DayCount>(DashboardSql.AccountsByDayPostgres, (long)first.DayNumber, (long)last.DayNumber, JapanTime.StartOf(first));
        var perDay = await counts.ToDictionaryAsync(d => d.Day, d => d.Accounts, cancellationToken);
        foreach (var group in notCounting.GroupBy(n => n.Day))
        {
            perDay[group.Key] = perDay.GetValueOrDefault(group.Key) - group.Sum(n => n.Accounts);
        }

        return Series(perDay, first, last, activeInstitutions);
    }

    /// <summary>
    /// The funnel of every temporary credential, whichever way it was issued (campaigns, the call centre, the
    /// command line); each campaign has its own funnel as well (<see cref="CampaignFunnels"/>). Each step counts
    /// institutions, not rows: 仮ID発行 (a temporary credential was issued), 仮IDで初回ログイン (the audit entry
    /// the login page writes for a successful temporary login), 本登録の申請 (アカウント情報編集 confirmed, waiting
    /// for the e-mail link), 登録完了 (the credential was spent by a completed activation).
    /// </summary>
    private async Task<Funnel> LetterFunnelAsync(CancellationToken cancellationToken)
    {
        // 仮ID発行 and 登録完了 in one pass of the (InstitutionCode, UsedAt) index: per institution, whether any of
        // its credentials was spent (two distinct counts of the same index read it twice).
        var credentials = await CredentialSteps(db).SingleAsync(cancellationToken);
        var (issued, activated) = (credentials.Issued, credentials.Activated);
        var loggedIn = await db.Set<AuditEntry>().Where(a => a.Action == LetterProgress.TemporaryLoginAction && a.InstitutionCode != null)
            .Select(a => a.InstitutionCode).Distinct().LongCountAsync(cancellationToken);
        var requested = await db.Set<ActivationRequest>().Select(r => r.InstitutionCode).Distinct().LongCountAsync(cancellationToken);
        return Funnel.From("すべての仮ID（キャンペーン・個別発行を含む）", [
            new FunnelStep("仮ID発行", issued),
            new FunnelStep("仮IDで初回ログイン", loggedIn),
            new FunnelStep("本登録の申請", requested),
            new FunnelStep("登録完了", activated),
        ]);
    }

    /// <summary>
    /// Institutions with a temporary credential, and those of them with one spent by an activation: one GROUP BY over
    /// the (InstitutionCode, UsedAt) index, in its order (no sort), then counted.
    /// </summary>
    internal static IQueryable<CredentialStepCounts> CredentialSteps(PortalDbContext db) =>
        db.Database.SqlQueryRaw<CredentialStepCounts>("""
            SELECT COUNT(*) AS "Issued", COUNT(c.spent) AS "Activated"
            FROM (SELECT MAX("UsedAt") AS spent FROM "TemporaryCredentials" GROUP BY "InstitutionCode") AS c
            """);

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

    private static string Prefix(int prefecture, int kind) => prefecture.ToString("00", CultureInfo.InvariantCulture) + kind.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Institutions with a temporary credential (仮ID発行) and with one spent by an activation (登録完了).</summary>
internal sealed class CredentialStepCounts
{
    public long Issued { get; set; }

    public long Activated { get; set; }
}

/// <summary>Active institutions of a prefecture and kind; <see cref="Applied"/> and <see cref="Started"/> of them reached 利用申請 受理 and 運用開始.</summary>
internal sealed record InstitutionCell(int Prefecture, InstitutionKind Kind, long Count, long Applied, long Started);

/// <summary>Accounts whose institution code begins with <see cref="Prefix"/> (都道府県番号 and 点数表番号).</summary>
internal sealed class PrefixCount
{
    public string Prefix { get; set; } = string.Empty;

    public long Accounts { get; set; }
}

/// <summary>Accounts that do not count, by code prefix and by Japanese day number.</summary>
internal sealed class PrefixDayCount
{
    public string Prefix { get; set; } = string.Empty;

    public long Day { get; set; }

    public long Accounts { get; set; }
}

/// <summary>Accounts created on one Japanese day; <see cref="Day"/> is <see cref="DateOnly.DayNumber"/>.</summary>
internal sealed class DayCount
{
    public long Day { get; set; }

    public long Accounts { get; set; }
}
