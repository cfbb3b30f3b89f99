using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// A portal in service with Mail:BaseUrl left at a loopback or http address: no mail leaves (it waits in the outbox),
/// no letter is printed, no reissue is made, and the operator is told which setting to fix.
/// </summary>
public sealed class PublicAddressTests : DataTest
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();

    [Theory]
    [InlineData("http://localhost:5080", "https:// で始まっていません")]
    [InlineData("https://localhost:5001", "ループバック")]
    [InlineData("https://127.0.0.1", "ループバック")]
    [InlineData("https://[::1]:8443", "ループバック")]
    [InlineData("https://portal.localhost", "ループバック")]
    [InlineData("http://portal.example.jp", "https:// で始まっていません")]
    [InlineData("portal.example.jp", "URLの形式ではありません")]
    [InlineData("", "URLの形式ではありません")]
    public void A_loopback_plain_or_malformed_address_is_refused_naming_the_setting(string baseUrl, string why)
    {
        var problem = PublicAddress.ProblemOf(baseUrl);
        Assert.NotNull(problem);
        Assert.Contains("Mail:BaseUrl", problem);
        Assert.Contains(why, problem);
    }

    [Theory]
    [InlineData("https://www.iryohokenjyoho-portalsite.jp")]
    [InlineData("https://portal.example.jp:8443/")]
    public void A_public_https_address_is_accepted(string baseUrl) => Assert.Null(PublicAddress.ProblemOf(baseUrl));

    [Fact]
    public async Task In_service_with_the_default_address_mails_wait_and_letters_are_refused_with_the_reason()
    {
        await using var app = await StartAppAsync();
        app.Settings["Mail:AllowLocalBaseUrl"] = "false"; // as a portal in service, with Mail:BaseUrl left at its default
        await app.ImportAsync(CampaignScenario.Records(3));
        var campaign = await app.CreateCampaignAsync(CampaignKind.Unregistered, new DateOnly(2023, 1, 15));
        await app.IssueCampaignAsync(campaign.Id);

        // The print data: refused on the command line and behind the button, with the setting named.
        var folder = Directory.CreateTempSubdirectory("onshi-public-address-").FullName;
        var export = await app.RunCommandAsync("campaign", "export", campaign.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", folder);
        Assert.NotEqual(0, export.ExitCode);
        Assert.Contains("Mail:BaseUrl", export.Error + export.Output);
        Assert.Empty(Directory.GetFiles(folder, "*.pdf"));

        var (email, password) = await app.AddOperatorAsync(Roles.Admin);
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, "/operator");
        var (_, menu) = await session.GetAsync("/operator");
        Assert.Contains("メールと送付状を送れません", menu);
        Assert.Contains("Mail:BaseUrl", menu);
        var (_, details) = await session.GetAsync($"/operator/campaigns/{campaign.Id}");
        var (_, refused) = await session.PostAsync($"/operator/campaigns/{campaign.Id}?handler=Export", details, new Dictionary<string, string?>());
        Assert.Contains("Mail:BaseUrl", refused);
        await using (var db = app.Database.CreateContext())
        {
            Assert.False(await db.Set<Features.Campaigns.Jobs.CampaignJob>().AnyAsync(j => j.Kind == Features.Campaigns.Jobs.CampaignJobKind.Export));
        }

        // A mail waits in the outbox, unsent, rather than go out with a link to this machine.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            new MailOutbox(db, TimeProvider.System).Enqueue(new OutgoingMail("clinic@example.jp", "件名", "本文", null));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(0, await app.Services.GetRequiredService<OutboxWorker>().SendDueAsync(TestContext.Current.CancellationToken));
        await using (var db = app.Database.CreateContext())
        {
            Assert.True(await db.Set<OutboxMessage>().AnyAsync(m => m.To == "clinic@example.jp" && m.SentAt == null));
        }
    }
}
