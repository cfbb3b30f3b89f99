using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.PostalLetters;
using OnshiPortal.Features.PostalLetters.Returns;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// 返送された郵送物 (issue 22): the back office records a letter the post office brought back; a failed address is
/// shown on the call centre's page, on マイページ and in the returns list until the master's import changes it.
/// </summary>
public abstract class PostalReturnTests : DataTest
{
    private const string Clinic = "admin@returns.example.jp";
    private const string Page = "/operator/letters/returns";

    [Fact]
    public async Task A_returned_letter_flags_the_address_for_the_call_centre_and_the_clinic_until_an_import_changes_it()
    {
        await using var app = await StartAppAsync();
        var (records, institution) = await app.ActivatedInstitutionAsync(Clinic);
        var code = institution.Code.Value;
        var letter = await AddLetterAsync(app, code, printed: true);

        var staff = await StaffAsync(app, Roles.Operator);
        var (_, found) = await staff.GetAsync($"{Page}?code={code}");
        Assert.Contains($"name=\"LetterId\" value=\"{letter}\"", found);
        Assert.Contains("住所の確認が必要な医療機関等（0件）", found);

        var (recorded, _) = await staff.PostAsync(Page + "?handler=Record", found, Record(code, letter, PostalReturnReason.MovedUnknown));
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        var (_, after) = await staff.GetAsync(recorded.Headers.Location!.OriginalString);
        Assert.Contains($"郵送物（番号 {letter}）の返送を記録しました。", after);
        Assert.Contains("返送済み", after);
        Assert.Contains("住所の確認が必要な医療機関等（1件）", after);
        Assert.Contains($"href=\"/operator/institutions/{code}\"", after);

        // Where the caller and the clinic look: the notice with the address and the reason, the letter marked returned.
        var (_, details) = await staff.GetAsync($"/operator/institutions/{code}");
        Assert.Contains("郵便局から返送されました（転居先不明）", details);
        Assert.Contains("返送されました", details);
        var clinic = app.Session();
        await clinic.LogInAsync(Clinic, ActivationScenario.NewPassword, "/mypage");
        var (_, mypage) = await clinic.GetAsync("/mypage");
        Assert.Contains("郵便局から返送されました（転居先不明）", mypage);
        Assert.Contains(WebUtility.HtmlEncode(institution.Address), mypage);

        await using (var db = app.Database.CreateContext())
        {
            var row = await db.Set<PostalLetter>().AsNoTracking().SingleAsync(l => l.Id == letter);
            Assert.Equal(PostalReturnReason.MovedUnknown, row.ReturnReason);
            Assert.Equal(institution.Address, row.ReturnedAddress);
            Assert.Single(await db.Set<AuditEntry>().AsNoTracking().Where(a => a.Action == "postal-letter.returned" && a.InstitutionCode == code).ToListAsync());
        }

        // An import that leaves the address says so; one that changes it clears the flag (the letter stays returned).
        var same = await app.RunCommandAsync("institutions", "import", Scenario.WriteCsv(records));
        Assert.Equal(0, same.ExitCode);
        Assert.Contains("郵送物が返送された住所: 0件が変更されました。1件は返送された住所のままです", same.Output);
        var moved = records.Select(r => r.Code.Value == code ? r with { Address = r.Address + "（移転先）" } : r).ToList();
        var changed = await app.RunCommandAsync("institutions", "import", Scenario.WriteCsv(moved));
        Assert.Equal(0, changed.ExitCode);
        Assert.Contains("郵送物が返送された住所: 1件が変更されました。0件は返送された住所のままです", changed.Output);
        var (_, cleared) = await staff.GetAsync($"/operator/institutions/{code}");
        Assert.DoesNotContain("郵便局から返送されました", cleared);
        Assert.Contains("返送されました", cleared);
        var (_, list) = await staff.GetAsync(Page);
        Assert.Contains("住所の確認が必要な医療機関等（0件）", list);
    }

    [Fact]
    public async Task A_return_is_recorded_once_only_for_a_posted_letter_of_that_institution_by_staff()
    {
        await using var app = await StartAppAsync();
        var (records, institution) = await app.ActivatedInstitutionAsync(Clinic);
        var code = institution.Code.Value;
        var other = records.First(r => r.ClosedOn is null && r.Code.Value != code).Code.Value;
        var posted = await AddLetterAsync(app, code, printed: true);
        var waiting = await AddLetterAsync(app, code, printed: false);
        var others = await AddLetterAsync(app, other, printed: true);

        // The clinic may neither see the page nor post to it.
        var clinic = app.Session();
        await clinic.LogInAsync(Clinic, ActivationScenario.NewPassword, "/mypage");
        Refusals.AssertForbidden((await clinic.GetAsync(Page)).Response);
        var staff = await StaffAsync(app, Roles.Printer);
        var (_, page) = await staff.GetAsync($"{Page}?code={code}");
        Refusals.AssertForbidden((await clinic.PostAsync(Page + "?handler=Record", page, Record(code, posted, PostalReturnReason.NotAtAddress))).Response);

        // Not posted yet, another institution's letter under this code, no reason, an unknown reason: refused, nothing kept.
        Assert.Contains(WebUtility.HtmlEncode(PostalReturns.NotPosted), (await staff.PostAsync(Page + "?handler=Record", page, Record(code, waiting, PostalReturnReason.NotAtAddress))).Html);
        Assert.Contains(WebUtility.HtmlEncode(PostalReturns.NotFound), (await staff.PostAsync(Page + "?handler=Record", page, Record(code, others, PostalReturnReason.NotAtAddress))).Html);
        Assert.Contains("返送の理由を選んでください。", (await staff.PostAsync(Page + "?handler=Record", page, new Dictionary<string, string?> { ["Code"] = code, ["LetterId"] = Id(posted), ["Reason"] = "" })).Html);
        Assert.Contains("返送の理由を選んでください。", (await staff.PostAsync(Page + "?handler=Record", page, new Dictionary<string, string?> { ["Code"] = code, ["LetterId"] = Id(posted), ["Reason"] = "99" })).Html);
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.Client.PostAsync(Page + "?handler=Record", new FormUrlEncodedContent(Record(code, posted, PostalReturnReason.NotAtAddress).Select(f => new KeyValuePair<string?, string?>(f.Key, f.Value))))).StatusCode);
        await using (var db = app.Database.CreateContext())
        {
            Assert.False(await db.Set<PostalLetter>().AnyAsync(l => l.ReturnedAt != null));
        }

        // A refused letter reached the address: recorded, not flagged. The same envelope twice: recorded once.
        var (first, _) = await staff.PostAsync(Page + "?handler=Record", page, Record(code, posted, PostalReturnReason.Refused));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var (_, twice) = await staff.PostAsync(Page + "?handler=Record", page, Record(code, posted, PostalReturnReason.NotAtAddress));
        Assert.Contains(WebUtility.HtmlEncode(PostalReturns.AlreadyReturned), twice);
        Assert.Contains("住所の確認が必要な医療機関等（0件）", twice);
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(PostalReturnReason.Refused, (await db.Set<PostalLetter>().SingleAsync(l => l.Id == posted)).ReturnReason);
        }

        var (_, details) = await staff.GetAsync($"/operator/institutions/{code}");
        Assert.DoesNotContain("郵便局から返送されました", details);
        Assert.Contains("返送されました", details);
    }

    private static async Task<HttpSession> StaffAsync(PortalAppFactory app, string role)
    {
        var (email, password) = await app.AddOperatorAsync(role);
        var session = app.Session();
        await session.LogInAsync(email, password, "/operator");
        return session;
    }

    /// <summary>A letter in the queue (printed in a batch, or still waiting): how it was decided does not matter here.</summary>
    private static async Task<long> AddLetterAsync(PortalAppFactory app, string code, bool printed)
    {
        await using var db = app.Database.CreateContext();
        var now = DateTimeOffset.UtcNow;
        var letter = new PostalLetter { Kind = PostalLetterKind.CertificateNotice, InstitutionCode = code, Data = "{}", QueuedAt = now, PrintedAt = printed ? now : null, PrintedBy = printed ? "printer@example.jp" : null };
        db.Add(letter);
        await db.SaveChangesAsync();
        return letter.Id;
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string?> Record(string code, long letter, PostalReturnReason reason) =>
        new() { ["Code"] = code, ["LetterId"] = Id(letter), ["Reason"] = reason.ToString() };
}

public sealed class PostalReturnTestsOnSqlite : PostalReturnTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class PostalReturnTestsOnPostgres : PostalReturnTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
