using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Dashboard;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// The registration dashboard's figures counted from the records themselves, row by row in the test (the accounts,
/// the master, the credentials, the audit trail, the activation requests), against what the dashboard reads from the
/// steps the flows keep on the master row (<see cref="Institution.DashboardSteps"/>): the copy must never drift from
/// the records, whichever flow moved them.
/// </summary>
public static class DashboardRecords
{
    /// <summary>
    /// The master rows' steps from records a test wrote by hand (not through the flows that keep them), as the
    /// migration that added them and the bulk loads do.
    /// </summary>
    public static async Task FillStepsFromRecordsAsync(this PortalAppFactory app)
    {
        await using var db = app.Database.CreateContext();
        await db.Database.ExecuteSqlRawAsync(db.Database.IsSqlite() ? InstitutionSteps.BackfillSqlite : InstitutionSteps.BackfillPostgres);
    }

    public static async Task AssertAgreesAsync(PortalAppFactory app)
    {
        DashboardFigures figures;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            figures = await new RegistrationDashboard(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), TimeProvider.System).LoadAsync();
        }

        await using var db = app.Database.CreateContext();
        var active = (await db.Institutions.AsNoTracking().Where(i => i.Status == InstitutionStatus.Active).Select(i => i.Code).ToListAsync()).ToHashSet(StringComparer.Ordinal);
        var counted = (await db.Users.AsNoTracking().Where(u => u.AccountOf != null).Select(u => new { u.AccountOf, u.CreatedAt }).ToListAsync())
            .Where(u => active.Contains(u.AccountOf!)).ToList();

        // The rates: active institutions and their accounts, by prefecture and by kind.
        Assert.Equal((active.Count, counted.Count), ((int)figures.Overall.Institutions, (int)figures.Overall.Accounts));
        foreach (var row in figures.ByPrefecture)
        {
            bool InPrefecture(string code) => InstitutionCode.Parse(code).Prefecture.ToString("00", System.Globalization.CultureInfo.InvariantCulture) == row.Key;
            Assert.Equal((active.Count(InPrefecture), counted.Count(u => InPrefecture(u.AccountOf!))), ((int)row.Institutions, (int)row.Accounts));
        }

        foreach (var row in figures.ByKind)
        {
            bool OfKind(string code) => ((int)InstitutionCode.Parse(code).Kind).ToString(System.Globalization.CultureInfo.InvariantCulture) == row.Key;
            Assert.Equal((active.Count(OfKind), counted.Count(u => OfKind(u.AccountOf!))), ((int)row.Institutions, (int)row.Accounts));
        }

        // The series: each day's new accounts that count, from the first such day.
        var byDay = counted.GroupBy(u => JapanTime.DayOf(u.CreatedAt)).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(byDay.Keys.Order().FirstOrDefault(), figures.Daily.Select(p => p.Day).FirstOrDefault());
        Assert.Equal(byDay.OrderBy(d => d.Key), figures.Daily.Where(p => p.NewAccounts != 0).Select(p => KeyValuePair.Create(p.Day, p.NewAccounts)));

        // The letters' funnel: institutions, not rows, at each step, whatever their status.
        var credentials = await db.Set<TemporaryCredential>().AsNoTracking().Select(c => new { c.InstitutionCode, c.UsedAt }).ToListAsync();
        var loggedIn = await db.Set<AuditEntry>().AsNoTracking()
            .Where(a => a.Action == LetterProgress.TemporaryLoginAction && a.InstitutionCode != null).Select(a => a.InstitutionCode).Distinct().CountAsync();
        var requested = await db.Set<ActivationRequest>().AsNoTracking().Select(r => r.InstitutionCode).Distinct().CountAsync();
        Assert.Equal(
            [credentials.Select(c => c.InstitutionCode).Distinct().Count(), loggedIn, requested, credentials.Where(c => c.UsedAt != null).Select(c => c.InstitutionCode).Distinct().Count()],
            figures.LetterFunnel.Stages.Select(s => (int)s.Count));
    }
}
