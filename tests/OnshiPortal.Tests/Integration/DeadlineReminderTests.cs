using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Procedures;
using OnshiPortal.Features.Procedures.Reminders;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Infrastructure.Mail.Reminders;
using OnshiPortal.Infrastructure.Scheduling;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// 期限のお知らせ (issues 19 and 20): 30 and 7 days before the subsidy's application period closes (31 March 2027 here)
/// every institution with an accepted 運用開始日 and no claim, and 30, 7 and 1 day before the deferral closes (31 May
/// 2027) every institution with neither a 運用開始日 nor a deferral, is reminded once per occasion by the people who
/// want reminders, through the outbox; never one that has filed, never twice (a rerun, two nodes at once), never an
/// occasion already past.
/// </summary>
public abstract class DeadlineReminderTests : DataTest
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Subsidy:Claims:OpensOn"] = "2026-10-01",
        ["Subsidy:Claims:ClosesOn"] = "2027-03-31",
        ["Filings:Deferral:Deadline"] = "2027-05-31",
    };

    [Fact]
    public async Task Each_institution_without_a_claim_is_reminded_once_at_30_and_once_at_7_days_and_never_after_it_files()
    {
        await using var site = await StartAppAsync();
        var (waiting, filed, withdrawn, muted, notStarted) = await InstitutionsAsync(site);
        var clock = new ManualClock(Day(2027, 2, 28));
        var app = site.At(clock, Settings);

        Assert.Equal(0, await RemindAsync(app));
        clock.Set(Day(2027, 3, 1));
        Assert.Equal(3, await RemindAsync(app));
        Assert.Equal(0, await RemindAsync(app));
        clock.Set(Day(2027, 3, 10));
        Assert.Equal(0, await RemindAsync(app));

        var first = Assert.Single(await RemindersToAsync(site, waiting.Person.Email!));
        Assert.Contains("補助金申請の期限が近づいています（令和9年3月31日（2027年3月31日）まで）", first.Subject);
        Assert.Contains("あと30日", first.TextBody);
        Assert.Contains("/mypage/procedures/subsidy", first.TextBody);
        Assert.Single(await RemindersToAsync(site, withdrawn.Person.Email!));
        Assert.Empty(await RemindersToAsync(site, filed.Person.Email!));
        Assert.Empty(await RemindersToAsync(site, muted.Person.Email!));
        Assert.Empty(await RemindersToAsync(site, notStarted.Person.Email!));

        // The first files its claim before the second occasion: it hears nothing more; the muted one is counted, mailed to nobody.
        await site.AddFilingAsync(waiting.InstitutionCode, FilingType.SubsidyClaim, FilingState.Submitted, Day(2027, 3, 12));
        clock.Set(Day(2027, 3, 24));
        Assert.Equal(2, await RemindAsync(app));
        Assert.Single(await RemindersToAsync(site, waiting.Person.Email!));
        var second = (await RemindersToAsync(site, withdrawn.Person.Email!))[^1];
        Assert.Contains("あと7日", second.TextBody);

        clock.Set(Day(2027, 4, 1));
        Assert.Equal(0, await RemindAsync(app));
        await using var db = site.Database.CreateContext();
        Assert.Equal(
            ["2027-03-31/30", "2027-03-31/30", "2027-03-31/30", "2027-03-31/7", "2027-03-31/7"],
            await db.Set<SentReminder>().Where(r => r.Kind == DeadlineReminders.KindOf(ProcedureCatalog.Of(FilingType.SubsidyClaim))).OrderBy(r => r.Occasion).ThenBy(r => r.Id).Select(r => r.Occasion).ToListAsync());
        Assert.Equal([0, 0], await db.Set<SentReminder>().Where(r => r.Subject == muted.InstitutionCode).Select(r => r.Recipients).ToListAsync());
    }

    [Fact]
    public async Task A_late_first_run_sends_only_the_latest_occasion_and_two_nodes_at_once_send_it_once()
    {
        await using var site = await StartAppAsync();
        var (waiting, _, withdrawn, _, _) = await InstitutionsAsync(site);
        var app = site.At(new ManualClock(Day(2027, 3, 26)), Settings);

        var counts = await Task.WhenAll(RemindAsync(app), RemindAsync(app));
        Assert.Equal(3, counts.Sum());
        foreach (var email in new[] { waiting.Person.Email!, withdrawn.Person.Email! })
        {
            var mail = Assert.Single(await RemindersToAsync(site, email));
            Assert.Contains("あと5日", mail.TextBody);
        }
    }

    /// <summary>
    /// Five activated institutions: the first waiting (運用開始日 accepted, no claim), the second has filed, the
    /// third withdrew its claim, the fourth's people muted reminders, the fifth has no 運用開始日.
    /// </summary>
    private static async Task<(InstitutionAccess Waiting, InstitutionAccess Filed, InstitutionAccess Withdrawn, InstitutionAccess Muted, InstitutionAccess NotStarted)> InstitutionsAsync(PortalAppFactory site)
    {
        var (_, institutions) = await site.QueueInstitutionsAsync(5);
        await using (var db = site.Database.CreateContext())
        {
            foreach (var institution in institutions.Take(4))
            {
                await db.Institutions.Where(i => i.Code == institution.InstitutionCode)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.OperationStartedOn, new DateOnly(2026, 11, 2)));
            }
        }

        await site.AddAcceptedClaimAsync(institutions[1].InstitutionCode, 300_000, Day(2026, 12, 1));
        await site.AddFilingAsync(institutions[2].InstitutionCode, FilingType.SubsidyClaim, FilingState.Withdrawn, Day(2026, 12, 1));
        await site.UpdatePersonAsync(institutions[3].Person.Email!, u => u.MutedMails = MailTopics.Reminders);
        return (institutions[0], institutions[1], institutions[2], institutions[3], institutions[4]);
    }

    [Fact]
    public async Task The_deferral_reminds_at_30_7_and_1_day_those_with_neither_a_start_nor_a_deferral()
    {
        await using var site = await StartAppAsync();
        var (_, institutions) = await site.QueueInstitutionsAsync(5);
        var (waiting, started, deferred, withdrawn, closed) = (institutions[0], institutions[1], institutions[2], institutions[3], institutions[4]);
        await using (var db = site.Database.CreateContext())
        {
            await db.Institutions.Where(i => i.Code == started.InstitutionCode).ExecuteUpdateAsync(s => s.SetProperty(i => i.OperationStartedOn, new DateOnly(2027, 4, 1)));
            await db.Institutions.Where(i => i.Code == closed.InstitutionCode).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InstitutionStatus.Closed));
        }

        await site.AddFilingAsync(deferred.InstitutionCode, FilingType.Deferral, FilingState.Submitted, Day(2027, 4, 20));
        await site.AddFilingAsync(withdrawn.InstitutionCode, FilingType.Deferral, FilingState.Withdrawn, Day(2027, 4, 20));
        var clock = new ManualClock(Day(2027, 4, 30));
        var app = site.At(clock, Settings);
        Assert.Equal(0, await RemindAsync(app));
        foreach (var (day, left) in new[] { (1, 30), (24, 7), (30, 1) })
        {
            clock.Set(Day(2027, 5, day));
            Assert.Equal(2, await RemindAsync(app));
            Assert.Equal(0, await RemindAsync(app));
            var latest = (await RemindersToAsync(site, waiting.Person.Email!))[^1];
            Assert.Contains("経過措置届出の期限が近づいています（令和9年5月31日（2027年5月31日）まで）", latest.Subject);
            Assert.Contains($"あと{left}日", latest.TextBody);
            Assert.Contains("運用開始日がまだ登録されていません", latest.TextBody);
            Assert.Contains("/mypage/deferral", latest.TextBody);
        }

        Assert.Equal(3, (await RemindersToAsync(site, waiting.Person.Email!)).Count);
        Assert.Equal(3, (await RemindersToAsync(site, withdrawn.Person.Email!)).Count);
        Assert.Empty(await RemindersToAsync(site, started.Person.Email!));
        Assert.Empty(await RemindersToAsync(site, deferred.Person.Email!));
        Assert.Empty(await RemindersToAsync(site, closed.Person.Email!));
        clock.Set(Day(2027, 6, 1));
        Assert.Equal(0, await RemindAsync(app));
    }

    /// <summary>The reminders among the person's mails (activation sent others before).</summary>
    private static async Task<List<OutboxMessage>> RemindersToAsync(PortalAppFactory site, string email) =>
        (await site.MailsToAsync(email)).Where(m => m.Subject.Contains("の期限が近づいています", StringComparison.Ordinal)).ToList();

    /// <summary>One node's run of the scheduler's job (deadline-reminders, daily at 9:00 by the shipped configuration), in its own scope as the scheduler gives it.</summary>
    [Fact]
    public async Task A_reminders_record_outlives_its_occasion_and_the_housekeeping_deletes_it_after_the_retention_never_sooner()
    {
        await using var site = await StartAppAsync();
        await InstitutionsAsync(site);
        var clock = new ManualClock(Day(2027, 3, 1));
        Assert.Equal(3, await RemindAsync(site.At(clock, Settings)));

        // A day later, and even when the retention is set to one day: kept (never less than a year), not sent again.
        var tooShort = new Dictionary<string, string>(Settings) { ["Mail:Retention:RemindersDays"] = "1" };
        clock.Set(Day(2027, 3, 2));
        Assert.Equal(0, await HousekeepAsync(site.At(clock, tooShort)));
        Assert.Equal(3, await RecordsAsync());
        Assert.Equal(0, await RemindAsync(site.At(clock, Settings)));

        // 401 days after they were sent (400, the default, is the day before), with one sent the day before: only the old ones go, and their
        // occasion, long past, is not sent again.
        await using (var db = site.Database.CreateContext())
        {
            db.Add(new SentReminder { Kind = "deadline:test", Occasion = "2028-04-30/30", Subject = "0000000", SentAt = Day(2028, 4, 4), Recipients = 1 });
            await db.SaveChangesAsync();
        }

        clock.Set(Day(2028, 4, 5));
        Assert.Equal(3, await HousekeepAsync(site.At(clock, Settings)));
        Assert.Equal(1, await RecordsAsync());
        Assert.Equal(0, await RemindAsync(site.At(clock, Settings)));

        async Task<int> RecordsAsync()
        {
            await using var db = site.Database.CreateContext();
            return await db.Set<SentReminder>().CountAsync();
        }
    }

    /// <summary>One pass of the clean-up; how many reminders' records it deleted.</summary>
    private static async Task<int> HousekeepAsync(WebApplicationFactory<Program> app) =>
        (await app.Services.GetRequiredService<Infrastructure.Housekeeping.HousekeepingWorker>().RunOnceAsync(default))["sent reminders' records"];

    private static async Task<int> RemindAsync(WebApplicationFactory<Program> app) =>
        (await app.RunJobAsync<DeadlineReminderJob>(DeadlineReminderJob.JobName, "0 9 * * *", @"^reminded (\d+) institutions$"))[0];

    /// <summary>10:00 in Japan on that day.</summary>
    private static DateTimeOffset Day(int year, int month, int day) => new DateTimeOffset(year, month, day, 10, 0, 0, TimeSpan.FromHours(9)).ToUniversalTime();
}

public sealed class DeadlineReminderTestsOnSqlite : DeadlineReminderTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class DeadlineReminderTestsOnPostgres : DeadlineReminderTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
