using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Tests.Support;
using static OnshiPortal.Tests.Support.CampaignScenario;

namespace OnshiPortal.Tests.Faults;

/// <summary>
/// The node running <c>onshi campaign issue</c> is killed (SIGKILL, as a crash or an OOM kill) in the middle of a
/// batch: the committed batches stand whole, the killed one leaves nothing, and a rerun issues the rest, each target
/// exactly once. On PostgreSQL, the production database (the in-process crash points are in CampaignIssueTests).
/// </summary>
[Collection(OwnProcesses.Name)]
public sealed class KilledCampaignIssueFaultTests : DataTest
{
    private const int Targets = 600;
    private const int BatchSize = 50;

    /// <summary>The target the issuer is stopped at: in the eighth batch, so seven whole batches were committed before.</summary>
    private const int HeldTarget = 375;

    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();

    [Fact]
    public async Task A_campaign_issue_killed_inside_a_batch_keeps_whole_batches_and_its_rerun_issues_every_target_exactly_once()
    {
        await using var app = await StartAppAsync();
        await app.ImportAsync(Records(Targets));
        var campaign = await app.CreateCampaignAsync(CampaignKind.Unregistered, Cutoff);
        string heldCode;
        await using (var db = app.Database.CreateContext())
        {
            heldCode = (await db.Set<CampaignLetter>().Where(l => l.CampaignId == campaign.Id).OrderBy(l => l.Id).Skip(HeldTarget).FirstAsync()).InstitutionCode;
        }

        // The test holds, uncommitted, the login ID the issuer is about to give that target: the issuer's batch waits
        // on the unique index in the middle of its writes, which is where the process is killed.
        await using var holder = app.Database.CreateContext();
        var hold = await holder.Database.BeginTransactionAsync();
        var now = DateTimeOffset.UtcNow;
        holder.Add(new TemporaryCredential
        {
            InstitutionCode = heldCode,
            Sequence = 1,
            LoginId = $"{heldCode}@01",
            Salt = [0],
            Hash = [0],
            KeyId = "held-by-the-test",
            IssuedAt = now,
            ExpiresAt = now.AddDays(1),
        });
        await holder.SaveChangesAsync();

        var application = "onshi-issue-" + Guid.NewGuid().ToString("N")[..8];
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Portal"] = DatabaseSessions.Named(app.Database.ConnectionString, application),
            ["Credentials__KeyFile"] = app.CredentialKeyFile,
            ["Campaigns__IssueBatchSize"] = BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var id = campaign.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using (var killed = PortalProcess.Start(settings, "campaign", "issue", id))
        {
            await DatabaseSessions.UntilBlockedAsync(app.Database.ConnectionString, application, killed);
            Assert.Equal(HeldTarget / BatchSize * BatchSize, await IssuedAsync(app, campaign.Id));
            await killed.KillAsync();
        }

        await hold.RollbackAsync();
        await hold.DisposeAsync();
        await DatabaseSessions.UntilGoneAsync(app.Database.ConnectionString, application);
        await AssertConsistentAsync(app, campaign.Id, expectedIssued: HeldTarget / BatchSize * BatchSize);

        await using var rerun = PortalProcess.Start(settings, "campaign", "issue", id);
        Assert.True(await rerun.WaitForExitAsync(TimeSpan.FromMinutes(2)) == 0, rerun.Output);
        Assert.Contains($"{Targets}件を発行しました", rerun.Output);
        await AssertConsistentAsync(app, campaign.Id, expectedIssued: Targets);
        await using var check = app.Database.CreateContext();
        Assert.Equal(CampaignState.Issued, (await check.Set<Campaign>().SingleAsync(c => c.Id == campaign.Id)).State);
    }

    private static async Task<int> IssuedAsync(PortalAppFactory app, long campaignId)
    {
        await using var db = app.Database.CreateContext();
        return await db.Set<CampaignLetter>().CountAsync(l => l.CampaignId == campaignId && l.State == CampaignLetterState.Issued);
    }

    /// <summary>
    /// Each issued letter has one credential, its institution's only one, unrevoked, with the letter's login ID and a
    /// sealed password; every credential belongs to an issued letter; pending letters carry nothing.
    /// </summary>
    private static async Task AssertConsistentAsync(PortalAppFactory app, long campaignId, int expectedIssued)
    {
        await using var db = app.Database.CreateContext();
        var letters = await db.Set<CampaignLetter>().AsNoTracking().Where(l => l.CampaignId == campaignId).ToListAsync();
        var credentials = await db.Set<TemporaryCredential>().AsNoTracking().ToListAsync();
        var issued = letters.Where(l => l.State == CampaignLetterState.Issued).ToList();

        Assert.Equal(Targets, letters.Count);
        Assert.Equal(Targets, letters.Select(l => l.InstitutionCode).Distinct().Count());
        Assert.Equal(expectedIssued, issued.Count);
        Assert.Equal(expectedIssued, credentials.Count);
        Assert.All(credentials, c => Assert.StartsWith($"campaign:{campaignId} ", c.IssuedBy, StringComparison.Ordinal));
        foreach (var letter in issued)
        {
            var credential = Assert.Single(credentials, c => c.InstitutionCode == letter.InstitutionCode);
            Assert.Equal(credential.LoginId, letter.LoginId);
            Assert.Equal(1, credential.Sequence);
            Assert.Null(credential.RevokedAt);
            Assert.NotNull(letter.SealedPassword);
            Assert.NotNull(letter.IssuedAt);
        }

        Assert.All(letters.Where(l => l.State != CampaignLetterState.Issued), l =>
        {
            Assert.Equal(CampaignLetterState.Pending, l.State);
            Assert.Null(l.LoginId);
            Assert.Null(l.SealedPassword);
        });
    }
}
