using System.Net;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// Issue 17's proof: every institution page and handler tried by every role, by a vendor inside and outside its
/// delegation, by an outsider (another institution's 管理者) and by an operator; the set that gets through is the
/// table's. "Gets through" is judged by what happened to institution A's data, not by a status code alone.
/// </summary>
public abstract class InstitutionRightsTests : DataTest
{
    private const string Admin = "admin", Clerk = "clerk", Viewer = "viewer", Vendor = "vendor", Expired = "expired-vendor", Outsider = "outsider", Operator = "operator";

    private static readonly string[] Everyone = [Admin, Clerk, Viewer, Vendor, Expired, Outsider, Operator];

    [Fact]
    public async Task Every_institution_page_and_handler_lets_through_exactly_the_roles_of_the_table()
    {
        await using var app = await StartAppAsync();
        var clock = new ManualClock(FilingScenario.March2023);
        var (records, a) = await app.ActivatedInstitutionAsync("admin@a.example.jp");
        var b = records.First(r => r.ClosedOn is null && r.Code != a.Code);
        await app.ActivateAccountAsync(b.Code.Value, "admin@b.example.jp");
        var code = a.Code.Value;
        var clerkId = await app.AddPersonAsync(code, "clerk@a.example.jp", InstitutionRole.Clerk);
        await app.AddPersonAsync(code, "viewer@a.example.jp", InstitutionRole.Viewer);
        var today = Infrastructure.JapanTime.DayOf(clock.GetUtcNow());
        await app.AddVendorAsync(code, "vendor@vendor.example.jp", today.AddMonths(3), FilingType.Deferral);
        await app.AddVendorAsync(code, "expired@vendor.example.jp", today.AddDays(-1), FilingType.Deferral, FilingType.Succession);
        var (operatorEmail, operatorPassword) = await app.AddOperatorAsync();

        // Seven people behind one test address: the per-address limit on posts is for strangers, not for this table.
        var timed = app.At(clock, new Dictionary<string, string> { ["RateLimits:PostsPerAddressPerMinute"] = "100000", ["RateLimits:UploadPostsPerAddressPerMinute"] = "100000" });
        var sessions = new Dictionary<string, HttpSession>();
        foreach (var (who, email, password, lands) in new[]
        {
            (Admin, "admin@a.example.jp", ActivationScenario.NewPassword, "/mypage"),
            (Clerk, "clerk@a.example.jp", PeopleScenario.Password, "/mypage"),
            (Viewer, "viewer@a.example.jp", PeopleScenario.Password, "/mypage"),
            (Vendor, "vendor@vendor.example.jp", PeopleScenario.Password, "/vendor"),
            (Expired, "expired@vendor.example.jp", PeopleScenario.Password, "/vendor"),
            (Outsider, "admin@b.example.jp", ActivationScenario.NewPassword, "/mypage"),
            (Operator, operatorEmail, operatorPassword, "/operator"),
        })
        {
            sessions[who] = timed.Session();
            await sessions[who].LogInAsync(email, password, lands);
        }

        var deferral = await sessions[Admin].FileDeferralAsync();
        var succession = await sessions[Admin].FileSuccessionAsync(FilingScenario.NewCodeFor(a, records).Value);

        // Reading: the page shows A's data to those who may read it, and nothing of A to anybody else.
        await Expect("GET /mypage", [Admin, Clerk, Viewer, Vendor], async s =>
        {
            var (response, html) = await s.GetAsync("/mypage");
            return response.StatusCode == HttpStatusCode.OK && html.Contains(code, StringComparison.Ordinal);
        });
        await Expect("GET a deferral's page", [Admin, Clerk, Viewer, Vendor, Operator], async s => await Shows(s, $"/mypage/filings/{deferral}", deferral));
        await Expect("GET a deferral's copy", [Admin, Clerk, Viewer, Vendor, Operator], async s =>
            (await s.GetAsync($"/mypage/filings/{deferral}?handler=Copy")).Response.Content.Headers.ContentType?.MediaType == "application/pdf");
        await Expect("GET a succession's page", [Admin, Clerk, Viewer, Operator], async s => await Shows(s, $"/mypage/filings/{succession}", succession));
        // A form names no institution: it files for the person's own. A's open filing on it shows whose form it is.
        await Expect("GET the deferral form", [Admin, Clerk, Vendor], async s => await Shows(s, "/mypage/deferral", deferral));
        await Expect("GET the succession form", [Admin, Clerk], async s => await Shows(s, "/mypage/succession", succession));
        await Expect("GET the people page", [Admin], async s => await Shows(s, "/mypage/people", "clerk@a.example.jp"));
        await Expect("GET 手続きの状況", [Admin, Clerk, Viewer, Vendor], async s => await Shows(s, "/mypage/road", deferral));
        await Expect("GET the card reader form", [Admin, Clerk], async s => await Shows(s, "/mypage/procedures/card-reader", $"value=\"{a.PostalCode}\""));

        // Handlers that change things: judged by the database.
        await Expect("POST invite", [Admin], async s =>
        {
            var before = await CountAsync(app, db => db.Set<Invitation>().CountAsync(i => i.InstitutionCode == code));
            await s.PostAsync("/mypage/people?handler=Invite", await TokenPageAsync(s), new Dictionary<string, string?>
            {
                ["Input.DisplayName"] = "新人 事務",
                ["Input.Email"] = $"new-{Guid.NewGuid():N}@a.example.jp",
                ["Input.Role"] = "Clerk",
            });
            return await CountAsync(app, db => db.Set<Invitation>().CountAsync(i => i.InstitutionCode == code)) > before;
        });
        await Expect("POST change a role", [Admin], async s =>
        {
            var before = await CountAsync(app, db => db.Set<AuditEntry>().CountAsync(e => e.Action == "people.role-changed"));
            await s.PostAsync("/mypage/people?handler=Role", await TokenPageAsync(s), new Dictionary<string, string?> { ["personId"] = clerkId, ["role"] = "Clerk" });
            return await CountAsync(app, db => db.Set<AuditEntry>().CountAsync(e => e.Action == "people.role-changed")) > before;
        });
        await Expect("POST withdraw a deferral", [Admin, Clerk, Vendor], async s =>
        {
            var receipt = await OpenAsync(app, FilingType.Deferral) ?? await sessions[Admin].FileDeferralAsync();
            var (_, page) = await sessions[Admin].GetAsync($"/mypage/filings/{receipt}");
            await s.PostAsync($"/mypage/filings/{receipt}?handler=Withdraw", await TokenPageAsync(s, page), new Dictionary<string, string?>());
            return (await app.FilingAsync(receipt)).State == FilingState.Withdrawn;
        });
        await Expect("POST withdraw a succession", [Admin, Clerk], async s =>
        {
            var receipt = await OpenAsync(app, FilingType.Succession) ?? await sessions[Admin].FileSuccessionAsync(FilingScenario.NewCodeFor(a, records).Value);
            await s.PostAsync($"/mypage/filings/{receipt}?handler=Withdraw", await TokenPageAsync(s), new Dictionary<string, string?>());
            return (await app.FilingAsync(receipt)).State == FilingState.Withdrawn;
        });

        await Expect("POST a card reader order", [Admin, Clerk], async s =>
        {
            // The one open order of the clinic is taken back first, so that each attempt can file.
            await using (var db = app.Database.CreateContext())
            {
                await db.Set<Filing>().Where(f => f.InstitutionCode == code && f.Type == FilingType.CardReaderOrder)
                    .ExecuteUpdateAsync(u => u.SetProperty(f => f.State, FilingState.Withdrawn).SetProperty(f => f.OpenKey, (string?)null));
            }

            var before = await CountAsync(app, db => db.Set<Filing>().CountAsync(f => f.InstitutionCode == code && f.Type == FilingType.CardReaderOrder));
            var (_, check) = await s.PostAsync("/mypage/procedures/card-reader?handler=Check", await TokenPageAsync(s), ProcedureScenario.CardReaders(1));
            if (check.Contains("name=\"Draft\"", StringComparison.Ordinal))
            {
                await s.ConfirmAsync("/mypage/procedures/card-reader", check);
            }

            return await CountAsync(app, db => db.Set<Filing>().CountAsync(f => f.InstitutionCode == code && f.Type == FilingType.CardReaderOrder)) > before;
        });
        await Expect("POST the arrival of a shipped card reader", [Admin, Clerk], async s =>
        {
            // A's own order (the outsider filed one for B above).
            string? open;
            await using (var db = app.Database.CreateContext())
            {
                open = await db.Set<Filing>().Where(f => f.InstitutionCode == code && f.OpenKey == Filing.OpenKeyFor(code, FilingType.CardReaderOrder)).Select(f => f.ReceiptNumber).FirstOrDefaultAsync();
            }

            var receipt = open ?? await sessions[Admin].FileProcedureAsync("card-reader", ProcedureScenario.CardReaders(1));
            await timed.AcceptAsync(receipt);
            Assert.Null(await timed.FulfilAsync(receipt, FilingState.Shipped, "1111-2222"));
            await s.PostAsync($"/mypage/filings/{receipt}?handler=Fulfil", await TokenPageAsync(s), new Dictionary<string, string?> { ["to"] = nameof(FilingState.Delivered) });
            var delivered = (await app.FilingAsync(receipt)).State == FilingState.Delivered;
            await using (var db = app.Database.CreateContext())
            {
                // Out of the way of the next attempt (and of the clinic's one free reader).
                await db.Set<Filing>().Where(f => f.ReceiptNumber == receipt).ExecuteUpdateAsync(u => u.SetProperty(f => f.State, FilingState.Withdrawn));
            }

            return delivered;
        });

        async Task Expect(string what, string[] allowed, Func<HttpSession, Task<bool>> attempt)
        {
            foreach (var who in Everyone)
            {
                Assert.True(allowed.Contains(who) == await attempt(sessions[who]), $"{what}: {who} should {(allowed.Contains(who) ? "get through" : "be refused")}");
            }
        }
    }

    private static async Task<bool> Shows(HttpSession session, string url, string text)
    {
        var (response, html) = await session.GetAsync(url);
        return response.StatusCode == HttpStatusCode.OK && html.Contains(text, StringComparison.Ordinal);
    }

    /// <summary>A page of the session's own with an antiforgery token (the account settings every person has).</summary>
    private static async Task<string> TokenPageAsync(HttpSession session, string? page = null)
    {
        var (_, html) = await session.GetAsync("/account/password");
        return html.Contains("__RequestVerificationToken", StringComparison.Ordinal) ? html : page ?? html;
    }

    private static async Task<string?> OpenAsync(PortalAppFactory app, FilingType type)
    {
        await using var db = app.Database.CreateContext();
        return await db.Set<Filing>().Where(f => f.Type == type && f.OpenKey != null).Select(f => f.ReceiptNumber).FirstOrDefaultAsync();
    }

    private static async Task<int> CountAsync(PortalAppFactory app, Func<Infrastructure.Data.PortalDbContext, Task<int>> count)
    {
        await using var db = app.Database.CreateContext();
        return await count(db);
    }
}

public sealed class InstitutionRightsTestsOnSqlite : InstitutionRightsTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class InstitutionRightsTestsOnPostgres : InstitutionRightsTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
