using Microsoft.Playwright;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>The registration dashboard in the browser: charts, tables, CSV links; axe-core and a screenshot.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardJourney(Browser browser)
{
    [Fact]
    public async Task An_operator_reads_the_registration_rates_and_downloads_a_table()
    {
        await using var app = await EndToEndApp.StartAsync();
        var records = await app.ImportGeneratedAsync(600, seed: 101);
        var expected = await ArrangeAccountsAsync(app, records);
        var (email, password) = await app.AddOperatorAsync();

        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await page.LogInAsync(app, email, password);
        await page.GetByRole(AriaRole.Link, new() { Name = "登録状況" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "登録状況", Level = 1 })).ToBeVisibleAsync();
        // The registration's four charts, and the road to 運用開始: the nation's funnel and one a kind (no month has a
        // 受理 yet, so its line charts say so in words instead).
        await Assertions.Expect(page.GetByRole(AriaRole.Img)).ToHaveCountAsync(8);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "運用開始までの道のり", Level = 2 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "都道府県別の登録率の横棒グラフ" })).ToBeVisibleAsync();
        var national = page.GetByRole(AriaRole.Table, new() { Name = "都道府県別の登録率" }).Locator("tfoot tr");
        await Assertions.Expect(national).ToContainTextAsync($"{expected.Active:N0}{expected.Accounts:N0}");
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "都道府県別の登録率" }).Locator("tbody tr")).ToHaveCountAsync(47);
        await page.CheckPageAsync("101-dashboard");

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "都道府県別のCSV（Shift_JIS）" }).ClickAsync());
        Assert.StartsWith("registration-prefectures-", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var text = System.Text.Encoding.GetEncoding(932).GetString(bytes);
        Assert.Contains($",全国,{expected.Active},{expected.Accounts},", text);
    }

    /// <summary>
    /// Accounts for about 60% of the active institutions, created over the last 30 days, and a letters' funnel
    /// (credentials for 80%, logins, requests). Returns the active institutions and the accounts that count.
    /// </summary>
    private static async Task<(int Active, int Accounts)> ArrangeAccountsAsync(PortalAppFactory app, List<InstitutionRecord> records)
    {
        var now = DateTimeOffset.UtcNow;
        var random = new Random(101);
        await using var db = app.Database.CreateContext();
        var active = records.Where(r => r.ClosedOn is null).ToList(); // the import closes an institution with a 廃止日
        var accounts = 0;
        foreach (var (record, i) in records.Select((r, i) => (r, i)))
        {
            var code = record.Code.Value;
            if (i % 5 != 0)
            {
                db.Set<TemporaryCredential>().Add(new TemporaryCredential
                {
                    InstitutionCode = code,
                    Sequence = 1,
                    LoginId = code + "@01",
                    Salt = new byte[CredentialHash.SaltLength],
                    Hash = new byte[CredentialHash.HashLength],
                    KeyId = "test",
                    IssuedAt = now.AddDays(-40),
                    ExpiresAt = now.AddDays(50),
                    UsedAt = i % 5 is 1 or 2 ? now.AddDays(-random.Next(1, 30)) : null,
                });
                if (i % 5 is 1 or 2 or 3)
                {
                    db.Set<AuditEntry>().Add(new AuditEntry { At = now.AddDays(-35), Actor = code + "@01", Action = "temporary-login", InstitutionCode = code });
                }
            }

            if (i % 5 is 0 or 1 or 2)
            {
                db.Users.Add(new PortalUser
                {
                    UserName = code + "@example.jp",
                    NormalizedUserName = (code + "@example.jp").ToUpperInvariant(),
                    Email = code + "@example.jp",
                    NormalizedEmail = (code + "@example.jp").ToUpperInvariant(),
                    InstitutionCode = code,
                    InstitutionRole = InstitutionRole.Administrator,
                    AccountOf = code,
                    CreatedAt = now.AddHours(-random.Next(1, 30 * 24)),
                });
                if (active.Contains(record))
                {
                    accounts++;
                }
            }
        }

        await db.SaveChangesAsync();
        await app.FillStepsFromRecordsAsync();
        var statuses = db.Institutions.Count(i => i.Status == InstitutionStatus.Active);
        Assert.Equal(active.Count, statuses);
        return (active.Count, accounts);
    }
}
