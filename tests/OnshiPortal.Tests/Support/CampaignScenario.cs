using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Campaigns.Jobs;
using OnshiPortal.Features.Dashboard;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.Institutions.Import;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Tests.Support;

/// <summary>A small master with institutions in every state a campaign's query tells apart, and accounts made on given days.</summary>
public static class CampaignScenario
{
    public static readonly DateOnly Cutoff = new(2023, 1, 15);

    /// <summary>Valid codes from the generator, with the dates and predecessors each test case needs.</summary>
    public static List<InstitutionRecord> Records(int count) =>
        InstitutionGenerator.Generate(count, seed: 11).Select(r => r with { OpenedOn = new DateOnly(2000, 4, 1), ClosedOn = null }).ToList();

    /// <summary>An issue job a node (<paramref name="claimedBy"/>) holds and runs, its lease until <paramref name="until"/>.</summary>
    public static CampaignJob RunningJob(long campaignId, string claimedBy, DateTimeOffset until) => new()
    {
        CampaignId = campaignId,
        Kind = CampaignJobKind.Issue,
        State = CampaignJobState.Running,
        RequestedBy = "test",
        RequestedAt = until.AddMinutes(-10),
        StartedAt = until.AddMinutes(-10),
        Attempts = 1,
        ClaimedBy = claimedBy,
        ClaimedUntil = until,
    };

    public static async Task ImportAsync(this PortalAppFactory app, IEnumerable<InstitutionRecord> records)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<InstitutionImporter>()
            .ImportAsync([.. records], new ImportRequest("campaign-test.csv", "UTF-8", Full: false, RunBy: "test"));
    }

    /// <summary>An activated institution account made at noon (JST) of <paramref name="day"/>.</summary>
    public static async Task AddAccountAsync(this PortalAppFactory app, string code, DateOnly day)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var email = $"{code}@clinic.example";
        var result = await users.CreateAsync(new PortalUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            InstitutionCode = code,
            InstitutionRole = InstitutionRole.Administrator,
            AccountOf = code,
            DisplayName = code,
            CreatedAt = new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(9)).ToUniversalTime(),
        });
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        await InstitutionSteps.AccountOfRecordAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), code, (await users.FindByEmailAsync(email))!.CreatedAt, CancellationToken.None);
    }

    public static async Task<Campaign> CreateCampaignAsync(this PortalAppFactory app, CampaignKind kind, DateOnly cutoff, long? after = null, DateOnly? openedAfter = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CampaignService>().CreateAsync(
            new CampaignRequest
            {
                Kind = kind,
                Name = $"試験 {kind}",
                CutoffDate = cutoff,
                LetterDate = cutoff.AddDays(19),
                AfterCampaignId = after,
                OpenedAfter = openedAfter,
            },
            "test");
    }

    public static async Task<CampaignIssueResult> IssueCampaignAsync(this PortalAppFactory app, long campaignId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CampaignService>().IssueAsync(campaignId, "test");
    }
}
