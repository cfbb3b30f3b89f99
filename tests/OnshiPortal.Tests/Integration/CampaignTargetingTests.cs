using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Tests.Support;
using static OnshiPortal.Tests.Support.CampaignScenario;

namespace OnshiPortal.Tests.Integration;

/// <summary>Who each kind of campaign writes to, as of its cutoff, on a small master with accounts in every state.</summary>
public abstract class CampaignTargetingTests : DataTest
{
    // The cast, by letter: what each institution is as of the cutoff of 2023-01-15.
    private sealed record Cast(
        string NoAccount,           // active since 2000, never registered
        string EarlyAccount,        // registered 2023-01-10: before the cutoff
        string LateAccount,         // registered 2023-01-20: after the cutoff
        string ClosedBefore,        // closed 2022-12-01
        string ClosedAfter,         // closed 2023-01-30: closed now, so never a letter
        string OpenedAfterCutoff,   // opened 2023-01-20
        string NewlyOpened,         // opened 2022-12-01, no account
        string Successor,           // opened 2022-11-01, its predecessor is EarlyAccount (which had an account)
        string SuccessorOfNobody);  // predecessor NoAccount, which never had one: not a succession case

    [Fact]
    public async Task Unregistered_targets_every_active_institution_without_an_account_as_of_the_cutoff()
    {
        await using var app = await StartAppAsync();
        var cast = await ArrangeAsync(app);

        var campaign = await app.CreateCampaignAsync(CampaignKind.Unregistered, Cutoff);

        var letters = await LettersAsync(app, campaign.Id);
        Assert.Equal(
            Sorted(cast.NoAccount, cast.LateAccount, cast.NewlyOpened, cast.Successor, cast.SuccessorOfNobody),
            Sorted([.. letters.Keys]));
        Assert.All(letters.Values, l => Assert.Equal(TargetReason.Unregistered, l.Reason));
        Assert.Equal(5, campaign.TargetCount);
        Assert.Equal(CampaignState.Draft, campaign.State);
    }

    [Fact]
    public async Task Issue_skips_a_target_that_registered_after_the_cutoff_and_issues_the_rest()
    {
        await using var app = await StartAppAsync();
        var cast = await ArrangeAsync(app);
        var campaign = await app.CreateCampaignAsync(CampaignKind.Unregistered, Cutoff);

        var result = await app.IssueCampaignAsync(campaign.Id);

        Assert.Equal(new CampaignIssueResult(4, 1, 5), result);
        var letters = await LettersAsync(app, campaign.Id);
        Assert.Equal(CampaignLetterState.Skipped, letters[cast.LateAccount].State);
        Assert.Contains("有効化", letters[cast.LateAccount].SkipReason);
        Assert.Equal($"{cast.NoAccount}@01", letters[cast.NoAccount].LoginId);
        await using var db = app.Database.CreateContext();
        Assert.Equal(CampaignState.Issued, (await db.Set<Campaign>().SingleAsync(c => c.Id == campaign.Id)).State);
    }

    [Fact]
    public async Task Resend_targets_those_the_earlier_campaign_mailed_that_still_have_no_account()
    {
        await using var app = await StartAppAsync();
        var cast = await ArrangeAsync(app);
        var first = await app.CreateCampaignAsync(CampaignKind.Unregistered, Cutoff);
        await app.IssueCampaignAsync(first.Id);
        await app.AddAccountAsync(cast.NoAccount, new DateOnly(2023, 2, 10));

        var resend = await app.CreateCampaignAsync(CampaignKind.Resend, new DateOnly(2023, 2, 20), after: first.Id);

        // Mailed by the first: NoAccount (registered since), NewlyOpened, Successor, SuccessorOfNobody; LateAccount
        // was skipped by the first, so it was never mailed.
        var letters = await LettersAsync(app, resend.Id);
        Assert.Equal(Sorted(cast.NewlyOpened, cast.Successor, cast.SuccessorOfNobody), Sorted([.. letters.Keys]));
        Assert.All(letters.Values, l => Assert.Equal(TargetReason.Resend, l.Reason));

        // Issuing the resend supersedes the first letter's credential.
        await app.IssueCampaignAsync(resend.Id);
        Assert.Equal($"{cast.NewlyOpened}@02", (await LettersAsync(app, resend.Id))[cast.NewlyOpened].LoginId);
    }

    [Fact]
    public async Task New_or_succession_targets_new_institutions_and_those_whose_predecessor_had_an_account()
    {
        await using var app = await StartAppAsync();
        var cast = await ArrangeAsync(app);

        var campaign = await app.CreateCampaignAsync(CampaignKind.NewOrSuccession, Cutoff, openedAfter: new DateOnly(2022, 10, 1));

        var letters = await LettersAsync(app, campaign.Id);
        Assert.Equal(Sorted(cast.NewlyOpened, cast.Successor), Sorted([.. letters.Keys]));
        Assert.Equal(TargetReason.NewInstitution, letters[cast.NewlyOpened].Reason);
        Assert.Equal(TargetReason.Succession, letters[cast.Successor].Reason);

        // 別添2 carries no temporary credential: issuing readies the letters and creates none.
        var result = await app.IssueCampaignAsync(campaign.Id);
        Assert.Equal(2, result.Issued);
        Assert.All((await LettersAsync(app, campaign.Id)).Values, l => Assert.Null(l.LoginId));
        await using var db = app.Database.CreateContext();
        Assert.False(await db.Set<Features.Activation.TemporaryCredential>().AnyAsync());
    }

    [Fact]
    public async Task Counts_by_prefecture_and_kind_add_up_to_the_targets()
    {
        await using var app = await StartAppAsync();
        await app.ImportAsync(Records(60));
        var campaign = await app.CreateCampaignAsync(CampaignKind.Unregistered, Cutoff);

        await using var db = app.Database.CreateContext();
        var counts = await CampaignCounts.ForAsync(db, campaign.Id, TestContext.Current.CancellationToken);

        // Every prefecture in JIS order, those without a target at zero.
        var expected = Records(60).GroupBy(r => r.Code.Prefecture).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Enumerable.Range(1, 47), counts.ByPrefecture.Select(p => p.Prefecture));
        Assert.Equal(Enumerable.Range(1, 47).ToDictionary(p => p, p => expected.GetValueOrDefault(p)), counts.ByPrefecture.ToDictionary(p => p.Prefecture, p => p.Total));
        Assert.Equal(Records(60).Count(r => r.Code.Kind == InstitutionKind.Pharmacy), counts.Count(InstitutionKind.Pharmacy));
        Assert.Equal(60, counts.Total);
        Assert.Equal(60, counts.Count(CampaignLetterState.Pending));
    }

    [Fact]
    public async Task A_bad_request_is_refused_with_every_reason_and_creates_nothing()
    {
        await using var app = await StartAppAsync();
        await app.ImportAsync(Records(3));

        var error = await Assert.ThrowsAsync<CampaignRequestException>(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<CampaignService>().CreateAsync(
                new CampaignRequest
                {
                    Kind = CampaignKind.Resend,
                    Name = " ",
                    CutoffDate = Cutoff,
                    LetterDate = Cutoff.AddDays(-1),
                    AfterCampaignId = 999,
                },
                "test");
        });

        Assert.Equal(["Name", "LetterDate", "AfterCampaignId"], error.Problems.Select(p => p.Field));
        await using var db = app.Database.CreateContext();
        Assert.False(await db.Set<Campaign>().AnyAsync());
    }

    private static async Task<Cast> ArrangeAsync(PortalAppFactory app)
    {
        var r = Records(9);
        var cast = new Cast(r[0].Code.Value, r[1].Code.Value, r[2].Code.Value, r[3].Code.Value, r[4].Code.Value, r[5].Code.Value, r[6].Code.Value, r[7].Code.Value, r[8].Code.Value);
        r[3] = r[3] with { ClosedOn = new DateOnly(2022, 12, 1) };
        r[4] = r[4] with { ClosedOn = new DateOnly(2023, 1, 30) };
        r[5] = r[5] with { OpenedOn = new DateOnly(2023, 1, 20) };
        r[6] = r[6] with { OpenedOn = new DateOnly(2022, 12, 1) };
        r[7] = r[7] with { OpenedOn = new DateOnly(2022, 11, 1), PredecessorCode = cast.EarlyAccount };
        r[8] = r[8] with { PredecessorCode = cast.NoAccount };
        await app.ImportAsync(r);
        await app.AddAccountAsync(cast.EarlyAccount, new DateOnly(2023, 1, 10));
        await app.AddAccountAsync(cast.LateAccount, new DateOnly(2023, 1, 20));
        return cast;
    }

    private static async Task<Dictionary<string, CampaignLetter>> LettersAsync(PortalAppFactory app, long campaignId)
    {
        await using var db = app.Database.CreateContext();
        return await db.Set<CampaignLetter>().AsNoTracking().Where(l => l.CampaignId == campaignId).ToDictionaryAsync(l => l.InstitutionCode);
    }

    private static string[] Sorted(params string[] codes) => [.. codes.Order(StringComparer.Ordinal)];
}

public sealed class CampaignTargetingTestsOnSqlite : CampaignTargetingTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class CampaignTargetingTestsOnPostgres : CampaignTargetingTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
