using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Tests.Support;
using static OnshiPortal.Tests.Support.CampaignScenario;

namespace OnshiPortal.Tests.Integration;

/// <summary>Issuing in batches survives a crash anywhere, and the print files carry exactly what was issued.</summary>
public abstract class CampaignIssueTests : DataTest
{
    private const int Targets = 22;
    private const int BatchSize = 4;

    [Fact]
    public async Task A_crash_inside_a_batch_and_another_between_batches_then_a_rerun_issue_each_target_exactly_once()
    {
        await using var app = await StartAppAsync();
        await app.ImportAsync(Records(Targets));
        var campaign = await app.CreateCampaignAsync(CampaignKind.Unregistered, Cutoff);

        // Third batch written but not committed: the process dies there.
        await Assert.ThrowsAsync<SimulatedCrash>(() => IssueWithCrashAsync(app, campaign.Id, "saved", occurrence: 3));
        await AssertConsistentAsync(app, campaign.Id, expectedIssued: 2 * BatchSize);

        // The rerun commits one batch and dies before the next begins.
        await Assert.ThrowsAsync<SimulatedCrash>(() => IssueWithCrashAsync(app, campaign.Id, "committed", occurrence: 1));
        await AssertConsistentAsync(app, campaign.Id, expectedIssued: 3 * BatchSize);

        var result = await IssueWithCrashAsync(app, campaign.Id, "never", occurrence: 1);
        Assert.Equal(new CampaignIssueResult(Targets, 0, Targets), result);
        await AssertConsistentAsync(app, campaign.Id, expectedIssued: Targets);

        // Once finished, issuing again changes nothing.
        await app.IssueCampaignAsync(campaign.Id);
        await AssertConsistentAsync(app, campaign.Id, expectedIssued: Targets);
    }

    [Fact]
    public async Task Two_issuers_at_once_issue_each_target_once()
    {
        await using var app = await StartAppAsync();
        await app.ImportAsync(Records(Targets));
        var campaign = await app.CreateCampaignAsync(CampaignKind.Unregistered, Cutoff);

        await Task.WhenAll(IssueWithCrashAsync(app, campaign.Id, "never", 1), IssueWithCrashAsync(app, campaign.Id, "never", 1));

        await AssertConsistentAsync(app, campaign.Id, expectedIssued: Targets);
    }

    [Fact]
    public async Task Every_sealed_password_opens_to_the_working_credential_of_its_letter()
    {
        await using var app = await StartAppAsync();
        await app.ImportAsync(Records(5));
        var campaign = await app.CreateCampaignAsync(CampaignKind.Unregistered, Cutoff);
        await app.IssueCampaignAsync(campaign.Id);

        await using var scope = app.Services.CreateAsyncScope();
        var seal = scope.ServiceProvider.GetRequiredService<LetterPasswordSeal>();
        var credentials = scope.ServiceProvider.GetRequiredService<TemporaryCredentials>();
        await using var db = app.Database.CreateContext();
        var letters = await db.Set<CampaignLetter>().Where(l => l.CampaignId == campaign.Id).ToListAsync();
        foreach (var letter in letters)
        {
            var password = seal.Open(letter.SealKeyId!, letter.LoginId!, letter.SealedPassword!);
            Assert.Equal(CredentialOutcome.Valid, (await credentials.VerifyAsync(letter.LoginId!, password)).Outcome);

            // Not the password in clear, and bound to its own letter.
            Assert.DoesNotContain(password, Encoding.ASCII.GetString(letter.SealedPassword!), StringComparison.Ordinal);
            var other = letters.First(l => l.Id != letter.Id);
            Assert.Throws<InvalidOperationException>(() => seal.Open(letter.SealKeyId!, other.LoginId!, letter.SealedPassword!));
        }
    }

    private static async Task<CampaignIssueResult> IssueWithCrashAsync(PortalAppFactory app, long campaignId, string point, int occurrence)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var service = ActivatorUtilities.CreateInstance<CampaignService>(
            scope.ServiceProvider, Options.Create(new CampaignOptions { IssueBatchSize = BatchSize }));
        var seen = 0;
        service.Checkpoint = reached => reached == point && ++seen == occurrence ? throw new SimulatedCrash() : Task.CompletedTask;
        return await service.IssueAsync(campaignId, "test");
    }

    /// <summary>
    /// Every issued letter has exactly one credential, the current one of its institution, issued by this campaign;
    /// no credential of the campaign is without its letter; pending letters have nothing.
    /// </summary>
    private static async Task AssertConsistentAsync(PortalAppFactory app, long campaignId, int expectedIssued)
    {
        await using var db = app.Database.CreateContext();
        var letters = await db.Set<CampaignLetter>().AsNoTracking().Where(l => l.CampaignId == campaignId).ToListAsync();
        var credentials = await db.Set<TemporaryCredential>().AsNoTracking().ToListAsync();
        var issued = letters.Where(l => l.State == CampaignLetterState.Issued).ToList();

        Assert.Equal(expectedIssued, issued.Count);
        Assert.Equal(expectedIssued, credentials.Count(c => c.IssuedBy.StartsWith($"campaign:{campaignId} ", StringComparison.Ordinal)));
        Assert.Equal(expectedIssued, credentials.Count);
        foreach (var letter in issued)
        {
            var credential = Assert.Single(credentials, c => c.InstitutionCode == letter.InstitutionCode);
            Assert.Equal(credential.LoginId, letter.LoginId);
            Assert.Null(credential.RevokedAt);
            Assert.NotNull(letter.SealedPassword);
        }

        Assert.All(letters.Where(l => l.State == CampaignLetterState.Pending), l =>
        {
            Assert.Null(l.LoginId);
            Assert.Null(l.SealedPassword);
        });
    }

    private sealed class SimulatedCrash : Exception;
}

public sealed class CampaignIssueTestsOnSqlite : CampaignIssueTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class CampaignIssueTestsOnPostgres : CampaignIssueTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
