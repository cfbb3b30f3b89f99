using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Dashboard;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// A campaign's funnel moves as its institutions go through the real flows (the letter's login, the activation,
/// self-registration), and always agrees with what the records (audit trail, activation requests, credentials,
/// accounts) say: the steps kept on each letter are a copy that must never drift from them.
/// </summary>
public abstract class CampaignFunnelTests : DataTest
{
    [Fact]
    public async Task The_funnel_follows_logins_activations_and_self_registrations_and_a_new_campaign_starts_from_the_records()
    {
        await using var app = await StartAppAsync();
        var records = CampaignScenario.Records(12);
        await app.ImportAsync(records);
        var campaign = await app.CreateCampaignAsync(CampaignKind.Unregistered, CampaignScenario.Cutoff);
        await app.IssueCampaignAsync(campaign.Id);
        var mailed = await MailedAsync(app, campaign.Id);
        Assert.True(mailed.Count >= 4, "the scenario needs four targets");
        Assert.Equal([mailed.Count, 0, 0, 0], (await FunnelAsync(app, campaign.Id)).Funnel.Stages.Select(s => s.Count));

        // A 別添2 mailing to the same institutions (all opened after its date): the account itself answers it.
        var newOnes = await app.CreateCampaignAsync(CampaignKind.NewOrSuccession, CampaignScenario.Cutoff, openedAfter: new DateOnly(1999, 4, 1));
        await app.IssueCampaignAsync(newOnes.Id);

        var flowsBegan = JapanTime.DayOf(DateTimeOffset.UtcNow);

        // X goes all the way, Y logs in and stops there, Z registers by itself (別添2's way), the rest do nothing.
        var (x, y, z) = (mailed[0], mailed[1], mailed[2]);
        await app.ActivateAccountAsync(x, "x@clinic.example");
        var credential = await app.ReissueAsync(y);
        await new HttpSession(app.CreateBrowserLikeClient()).TemporaryLogInAsync(credential.LoginId, credential.Password);
        var zRecord = records.Single(r => r.Code.Value == z);
        await RegistrationScenario.RegisterAsync(app, z, zRecord.Name, zRecord.Founder, "z@clinic.example", "haru-ichiban-ga-fuku-hi");

        var funnel = await FunnelAsync(app, campaign.Id);
        Assert.Equal(
            [("発送", (long)mailed.Count), ("仮IDで初回ログイン", 2L), ("本登録の申請", 1L), ("登録完了", 1L)],
            funnel.Funnel.Stages.Select(s => (s.Name, s.Count)));
        Assert.Equal(1, funnel.RegisteredOtherwise);
        await AssertAgreesWithTheRecordsAsync(app);

        // Response days: X's activation answers both letters, Z's own account only the 別添2 one, Y's login neither.
        // (The day the flows ran: the one they began on, or the next if they ran across midnight in Japan.)
        DateOnly?[] flowDays = [flowsBegan, JapanTime.DayOf(DateTimeOffset.UtcNow)];
        await using (var db = app.Database.CreateContext())
        {
            var days = await db.Set<CampaignLetter>().Where(l => l.InstitutionCode == x || l.InstitutionCode == y || l.InstitutionCode == z)
                .ToDictionaryAsync(l => (l.CampaignId, l.InstitutionCode), l => l.RespondedOn);
            Assert.Contains(days[(campaign.Id, x)], flowDays);
            Assert.Contains(days[(newOnes.Id, x)], flowDays);
            Assert.Null(days[(campaign.Id, z)]);
            Assert.Contains(days[(newOnes.Id, z)], flowDays);
            Assert.Null(days[(campaign.Id, y)]);
            Assert.Null(days[(newOnes.Id, y)]);
        }

        // A resend made now: its letters start from what the records say (Y logged in before it was mailed).
        var resend = await app.CreateCampaignAsync(CampaignKind.Resend, CampaignScenario.Cutoff.AddDays(30), after: campaign.Id);
        await app.IssueCampaignAsync(resend.Id);
        await using (var db = app.Database.CreateContext())
        {
            var yLetter = await db.Set<CampaignLetter>().SingleAsync(l => l.CampaignId == resend.Id && l.InstitutionCode == y);
            Assert.NotNull(yLetter.FirstLoginAt);
            Assert.Null(yLetter.ActivationRequestedAt);
        }

        await AssertAgreesWithTheRecordsAsync(app);
    }

    private static async Task<List<string>> MailedAsync(PortalAppFactory app, long campaignId)
    {
        await using var db = app.Database.CreateContext();
        return await db.Set<CampaignLetter>()
            .Where(l => l.CampaignId == campaignId && l.State == CampaignLetterState.Issued)
            .OrderBy(l => l.InstitutionCode).Select(l => l.InstitutionCode).ToListAsync();
    }

    private static async Task<CampaignFunnel> FunnelAsync(PortalAppFactory app, long campaignId) =>
        (await FunnelsAsync(app)).Single(f => f.CampaignId == campaignId);

    private static async Task<IReadOnlyList<CampaignFunnel>> FunnelsAsync(PortalAppFactory app) => (await FiguresAsync(app)).CampaignFunnels;

    private static async Task<DashboardFigures> FiguresAsync(PortalAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await new RegistrationDashboard(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), TimeProvider.System).LoadAsync();
    }

    /// <summary>Each campaign's steps counted from the records themselves, as the dashboard once did, against the funnels.</summary>
    private static async Task AssertAgreesWithTheRecordsAsync(PortalAppFactory app)
    {
        await using var db = app.Database.CreateContext();
        var fromRecords = await db.Database.SqlQueryRaw<CampaignStepCounts>($"""
            SELECT l."CampaignId" AS "CampaignId", COUNT(*) AS "Letters",
                   SUM(CASE WHEN EXISTS (SELECT 1 FROM "AuditEntries" AS a
                       WHERE a."Action" = '{LetterProgress.TemporaryLoginAction}' AND a."InstitutionCode" = l."InstitutionCode") THEN 1 ELSE 0 END) AS "LoggedIn",
                   SUM(CASE WHEN EXISTS (SELECT 1 FROM "ActivationRequests" AS r WHERE r."InstitutionCode" = l."InstitutionCode") THEN 1 ELSE 0 END) AS "Requested",
                   SUM(CASE WHEN EXISTS (SELECT 1 FROM "TemporaryCredentials" AS c
                       WHERE c."InstitutionCode" = l."InstitutionCode" AND c."UsedAt" IS NOT NULL) THEN 1 ELSE 0 END) AS "Activated",
                   SUM(CASE WHEN EXISTS (SELECT 1 FROM "AspNetUsers" AS u WHERE u."AccountOf" = l."InstitutionCode") THEN 1 ELSE 0 END) AS "Registered"
            FROM "CampaignLetters" AS l
            WHERE l."State" = {(int)CampaignLetterState.Issued}
            GROUP BY l."CampaignId"
            """).ToListAsync();
        var funnels = await FunnelsAsync(app);
        Assert.Equal(fromRecords.Count, funnels.Count);
        foreach (var expected in fromRecords)
        {
            var actual = funnels.Single(f => f.CampaignId == expected.CampaignId);
            var wanted = CampaignFunnels.Of(actual.CampaignId, actual.Name, actual.Kind, actual.LetterDate, expected);
            Assert.Equal(wanted.Funnel.Stages.Select(s => (s.Name, s.Count)), actual.Funnel.Stages.Select(s => (s.Name, s.Count)));
            Assert.Equal(wanted.RegisteredOtherwise, actual.RegisteredOtherwise);
        }

        // The master rows' steps, which the whole dashboard counts, agree with the records too.
        await DashboardRecords.AssertAgreesAsync(app);

        // Each letter's response day is the Japanese day of the step that answers its campaign, or none.
        var letters = await db.Set<CampaignLetter>().Where(l => l.State == CampaignLetterState.Issued)
            .Join(db.Set<Campaign>(), l => l.CampaignId, c => c.Id, (l, c) => new { c.Kind, l.FirstLoginAt, l.ActivationRequestedAt, l.ActivatedAt, l.RegisteredAt, l.RespondedOn, l.FunnelSteps })
            .ToListAsync();
        Assert.All(letters, l =>
        {
            var answer = l.Kind == LetterProgress.AnsweredByAccount ? l.RegisteredAt : l.ActivatedAt;
            Assert.Equal(answer is { } at ? JapanTime.DayOf(at) : null, l.RespondedOn);

            // And its step bits are the steps it has.
            var steps = (l.FirstLoginAt is null ? 0 : LetterStep.LoggedIn) | (l.ActivationRequestedAt is null ? 0 : LetterStep.ActivationRequested)
                | (l.ActivatedAt is null ? 0 : LetterStep.Activated) | (l.RegisteredAt is null ? 0 : LetterStep.Registered);
            Assert.Equal(steps, l.FunnelSteps);
        });
    }
}

public sealed class CampaignFunnelTestsOnSqlite : CampaignFunnelTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class CampaignFunnelTestsOnPostgres : CampaignFunnelTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
