using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Campaigns.Letters;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.PostalLetters;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Tests.Support;
using static OnshiPortal.Tests.Support.RegistrationScenario;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// Issue 22, the PIN letter: a pending self-registration proven by a confirmation code posted to the master's address
/// through the print queue, read back from the printed letter; and the hostile uses refused (many letters, guessing,
/// an expired code, a code used twice, another institution's code, someone else asking).
/// </summary>
public abstract partial class RegistrationPinTests : DataTest
{
    private const string Password = "kakunin-kodo-no-tegami-2026";
    private const string Page = "/mypage/prove";
    private const string Request = Page + "?handler=RequestPin";
    private const string Enter = Page + "?handler=Pin";

    private readonly string folder = Directory.CreateTempSubdirectory("onshi-pin-").FullName;

    [Fact]
    public async Task A_registrant_asks_for_a_code_by_post_reads_it_from_the_printed_letter_and_proves_the_registration()
    {
        await using var app = await StartAppAsync();
        var (institution, session) = await PendingAsync(app, 151, "pin@example.jp");
        var code = institution.Code.Value;

        var (_, page) = await session.GetAsync(Page);
        Assert.Contains("確認コードを郵送で請求する", page);
        var (requested, _) = await session.PostAsync(Request, page, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.Redirect, requested.StatusCode);
        Assert.Equal("/mypage/prove?requested=true", requested.Headers.Location?.OriginalString);
        var (_, waiting) = await session.GetAsync("/mypage/prove?requested=true");
        Assert.Contains("確認コードの郵送を受け付けました", waiting);
        Assert.Contains("確認コードで確認する", waiting);
        Assert.DoesNotContain("確認コードを郵送で請求する", waiting);

        // Queued to the master's address, the code sealed: only its hash and the seal are stored.
        PostalLetter queued;
        await using (var db = app.Database.CreateContext())
        {
            queued = await db.Set<PostalLetter>().AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
            Assert.Equal(PostalLetterKind.RegistrationPin, queued.Kind);
            Assert.Equal(code, queued.InstitutionCode);
            Assert.NotNull(queued.SealedSecret);
            var master = await db.Institutions.AsNoTracking().SingleAsync(i => i.Code == code, TestContext.Current.CancellationToken);
            Assert.Contains(master.Address, queued.Data);
            Assert.NotEqual("東京都千代田区千代田1-1", master.Address);
            Assert.DoesNotContain("東京都千代田区千代田1-1", queued.Data); // the address the registrant typed: never used
            var pin = await db.Set<RegistrationPin>().AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
            Assert.Equal(queued.Id, pin.LetterId);
            Assert.Equal(32, pin.CodeHash.Length);
        }

        var printed = await PrintAsync(app);
        var value = Assert.Single(printed).Value;
        Assert.Equal(printed.Keys.Single(), code);
        await using (var db = app.Database.CreateContext())
        {
            var row = await db.Set<PostalLetter>().AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
            Assert.DoesNotContain(value, row.Data);
            Assert.DoesNotContain(value.Replace("-", string.Empty, StringComparison.Ordinal), row.Data);
            Assert.All(await db.Set<AuditEntry>().AsNoTracking().Select(a => a.Details).ToListAsync(TestContext.Current.CancellationToken),
                d => Assert.DoesNotContain(value.Replace("-", string.Empty, StringComparison.Ordinal), d));
        }

        // Entered as printed (with its hyphen): proven, as with the letter.
        var (proven, _) = await session.PostAsync(Enter, waiting, new Dictionary<string, string?> { ["Pin"] = value });
        Assert.Equal("/mypage?proven=true", proven.Headers.Location?.OriginalString);
        var (_, myPage) = await session.GetAsync("/mypage?proven=true");
        Assert.Contains("アカウントの確認が完了しました", myPage);
        Assert.Contains("確認コードのお知らせ", myPage); // the letter, listed with its kind
        Assert.Contains("郵送済み", myPage);

        // Used twice: the second entry proves nothing more.
        var (_, again) = await session.PostAsync(Enter, waiting, new Dictionary<string, string?> { ["Pin"] = value });
        Assert.Contains(RegistrationPins.NotPending, again);
        await using (var db = app.Database.CreateContext())
        {
            var registration = await db.Set<SelfRegistration>().AsNoTracking().SingleAsync(r => r.InstitutionCode == code, TestContext.Current.CancellationToken);
            Assert.Equal(SelfRegistration.Proof.Pin, registration.ProvenBy);
            Assert.NotNull((await db.Set<RegistrationPin>().AsNoTracking().SingleAsync(TestContext.Current.CancellationToken)).UsedAt);
            Assert.Null((await db.Set<PostalLetter>().AsNoTracking().SingleAsync(TestContext.Current.CancellationToken)).SealedSecret); // spent: the seal is dropped
            Assert.Equal(1, await db.Set<AuditEntry>().CountAsync(a => a.Action == "registration.proven" && a.InstitutionCode == code, TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task The_pin_letter_prints_its_code_expiry_and_warning_with_the_window_address_its_barcode_and_the_qr_code()
    {
        await using var app = await StartAppAsync();
        var (institution, session) = await PendingAsync(app, 152, "letter@example.jp");
        var (_, page) = await session.GetAsync(Page);
        await session.PostAsync(Request, page, new Dictionary<string, string?>());
        var (pdf, _) = await BatchPdfAsync(app);

        Institution master;
        await using (var db = app.Database.CreateContext())
        {
            master = await db.Institutions.AsNoTracking().SingleAsync(i => i.Code == institution.Code.Value, TestContext.Current.CancellationToken);
        }

        var text = PdfTools.Compact(PdfTools.Pages(pdf)[0]);
        foreach (var expected in new[]
        {
            PdfTools.Compact(RegistrationPinLetter.Title), $"〒{master.PostalCode[..3]}-{master.PostalCode[3..]}", PdfTools.Compact(master.Name) + "御中",
            "厚生労働省", "社会保険診療報酬支払基金", $"医療機関等コード：{master.Code}", "letter@example.jp", "確認コード", "有効期限",
            "お心当たりのない場合", "コールセンターへご連絡ください", "オンライン資格確認等コールセンター", "0800-0804583", "令和",
        })
        {
            Assert.Contains(expected, text);
        }

        Assert.Matches(PrintedCode(), PdfTools.Pages(pdf)[0]);
        Assert.Equal(1, PdfTools.PageCount(pdf));
        Assert.EndsWith("/mypage/prove", PdfTools.DecodeQr(pdf, 1, folder), StringComparison.Ordinal);
        Assert.Equal(CustomerBarcode.Bars(master.PostalCode, master.Address), CustomerBarcodeReader.Read(pdf, 1, folder));
    }

    [Fact]
    public async Task One_letter_at_a_time_guessing_kills_the_code_and_an_institution_gets_few_letters_per_period()
    {
        await using var app = await StartAppAsync();
        var (_, session) = await PendingAsync(app, 153, "guess@example.jp");
        var (_, page) = await session.GetAsync(Page);
        await session.PostAsync(Request, page, new Dictionary<string, string?>());

        // Asked again while the first is on its way: refused, no second letter.
        var (_, twice) = await session.PostAsync(Request, page, new Dictionary<string, string?>());
        Assert.Contains("郵送のご依頼を受け付けています", twice);
        Assert.Equal(1, await LettersAsync(app));

        var value = Assert.Single(await PrintAsync(app)).Value;
        var wrong = Wrong(value);
        for (var left = 4; left >= 1; left--)
        {
            var (_, html) = await session.PostAsync(Enter, page, new Dictionary<string, string?> { ["Pin"] = wrong });
            Assert.Contains($"あと{left}回入力できます", html);
        }

        var (_, dead) = await session.PostAsync(Enter, page, new Dictionary<string, string?> { ["Pin"] = wrong });
        Assert.Contains(RegistrationPins.Dead, dead);

        // Dead: even the right code proves nothing now; a new letter is needed.
        var (_, late) = await session.PostAsync(Enter, page, new Dictionary<string, string?> { ["Pin"] = value });
        Assert.Contains(RegistrationPins.NoCode, late);
        await using (var db = app.Database.CreateContext())
        {
            var pin = await db.Set<RegistrationPin>().AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
            Assert.NotNull(pin.DeadAt);
            Assert.Equal(5, pin.Attempts);
            Assert.Null(pin.UsedAt);
            Assert.True(await PendingRegistrations.All(db).AnyAsync(TestContext.Current.CancellationToken));
        }

        // Two more letters (each killed by guessing), then the institution's cap for the period.
        for (var n = 2; n <= 3; n++)
        {
            var (asked, askedHtml) = await session.PostAsync(Request, page, new Dictionary<string, string?>());
            Assert.True(asked.StatusCode == HttpStatusCode.Redirect, askedHtml);
            for (var i = 0; i < 5; i++)
            {
                await session.PostAsync(Enter, page, new Dictionary<string, string?> { ["Pin"] = "0000-0000" });
            }
        }

        var (capped, cappedHtml) = await session.PostAsync(Request, page, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.OK, capped.StatusCode);
        Assert.Contains("この医療機関等あての確認コードの郵送は、30日間に3回までです。", cappedHtml);
        Assert.Equal(3, await LettersAsync(app));
    }

    [Fact]
    public async Task Requests_sent_at_once_queue_one_letter_and_never_pass_the_institutions_cap()
    {
        // A script (or a double click in several tabs) asking at the same moment, from several logins of the one
        // pending account: one letter is queued, the others are told it is on its way.
        await using var app = await StartAppAsync();
        var (institution, first) = await PendingAsync(app, 157, "at-once@example.jp");
        var sessions = new List<HttpSession> { first };
        for (var i = 1; i < 6; i++)
        {
            var session = new HttpSession(app.CreateBrowserLikeClient());
            await session.LogInAsync("at-once@example.jp", Password, "/mypage");
            sessions.Add(session);
        }

        await AskAtOnceAsync(sessions, expectedLetters: 1, "郵送のご依頼を受け付けています");

        // Killed by guessing, asked again one after another: the cap's last letter is the third. Asked at once
        // again, only one more passes the cap.
        await KillOutstandingAsync(first);
        var (_, page) = await first.GetAsync(Page);
        var (second, secondHtml) = await first.PostAsync(Request, page, new Dictionary<string, string?>());
        Assert.True(second.StatusCode == HttpStatusCode.Redirect, secondHtml);
        await KillOutstandingAsync(first);
        await AskAtOnceAsync(sessions, expectedLetters: 1, "郵送のご依頼を受け付けています", "この医療機関等あての確認コードの郵送は、30日間に3回までです。");
        Assert.Equal(3, await LettersAsync(app));
        await using var db = app.Database.CreateContext();
        var pins = await db.Set<RegistrationPin>().Where(p => p.InstitutionCode == institution.Code.Value).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([1, 2, 3], pins.Select(p => p.Sequence).Order());

        async Task AskAtOnceAsync(List<HttpSession> askers, int expectedLetters, params string[] refusals)
        {
            var before = await LettersAsync(app);
            var pages = new List<string>();
            foreach (var asker in askers)
            {
                pages.Add((await asker.GetAsync(Page)).Html);
            }

            var answers = await Task.WhenAll(askers.Select((s, i) => s.PostAsync(Request, pages[i], new Dictionary<string, string?>())));
            Assert.Equal(before + expectedLetters, await LettersAsync(app));
            Assert.Equal(expectedLetters, answers.Count(a => a.Response.StatusCode == HttpStatusCode.Redirect));
            Assert.All(
                answers.Where(a => a.Response.StatusCode != HttpStatusCode.Redirect),
                a => Assert.Contains(refusals, r => a.Html.Contains(r, StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task No_code_is_posted_to_an_address_the_post_brought_a_letter_back_from_until_the_master_changes_it()
    {
        await using var app = await StartAppAsync();
        var (institution, session) = await PendingAsync(app, 158, "returned@example.jp");
        var (_, page) = await session.GetAsync(Page);
        await session.PostAsync(Request, page, new Dictionary<string, string?>());
        await PrintAsync(app);

        // The envelope comes back (あて所に尋ねあたりません); the code in it is killed by guessing.
        long letterId;
        await using (var db = app.Database.CreateContext())
        {
            letterId = await db.Set<PostalLetter>().Where(l => l.Kind == PostalLetterKind.RegistrationPin).Select(l => l.Id).SingleAsync(TestContext.Current.CancellationToken);
        }

        using (var scope = app.Services.CreateScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<Features.PostalLetters.Returns.PostalReturns>()
                .RecordAsync(institution.Code.Value, letterId, Features.PostalLetters.Returns.PostalReturnReason.NotAtAddress, "operator@example.jp", TestContext.Current.CancellationToken));
        }

        await KillOutstandingAsync(session);
        (_, page) = await session.GetAsync(Page);
        var (refused, refusedHtml) = await session.PostAsync(Request, page, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(RegistrationPins.Undeliverable, refusedHtml);
        Assert.Equal(1, await LettersAsync(app));

        // The master's next import corrects the address: the flag is gone, and a code may be posted there.
        await using (var db = app.Database.CreateContext())
        {
            await db.Institutions.Where(i => i.Code == institution.Code.Value)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Address, i => i.Address + "２階"), TestContext.Current.CancellationToken);
        }

        var (asked, askedHtml) = await session.PostAsync(Request, page, new Dictionary<string, string?>());
        Assert.True(asked.StatusCode == HttpStatusCode.Redirect, askedHtml);
        Assert.Equal(2, await LettersAsync(app));
    }

    [Fact]
    public async Task An_expired_code_is_refused_and_a_new_one_may_be_asked()
    {
        await using var app = await StartAppAsync();
        var (institution, _) = await PendingAsync(app, 154, "late@example.jp");
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var timed = app.WithClock(clock);
        var session = timed.Session();
        await session.LogInAsync("late@example.jp", Password, "/mypage");
        var (_, page) = await session.GetAsync(Page);
        await session.PostAsync(Request, page, new Dictionary<string, string?>());
        var value = Assert.Single(await PrintAsync(app)).Value;

        // A month later (a new sign-in: the old session has timed out too).
        clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));
        session = timed.Session();
        await session.LogInAsync("late@example.jp", Password, "/mypage");
        (_, page) = await session.GetAsync(Page);
        Assert.Contains("確認コードを郵送で請求する", page); // the expired code is no longer outstanding
        var (_, expired) = await session.PostAsync(Enter, page, new Dictionary<string, string?> { ["Pin"] = value });
        Assert.Contains("確認コードの有効期限", expired);
        Assert.Contains("が過ぎています", expired);
        await using (var db = app.Database.CreateContext())
        {
            Assert.True(await PendingRegistrations.All(db).AnyAsync(r => r.InstitutionCode == institution.Code.Value, TestContext.Current.CancellationToken));
        }

        var (asked, _) = await session.PostAsync(Request, page, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.Equal(2, await LettersAsync(app));
    }

    [Fact]
    public async Task A_code_of_another_institutions_letter_does_not_prove_and_nobody_else_asks_for_a_letter()
    {
        await using var app = await StartAppAsync();
        var (mine, session) = await PendingAsync(app, 155, "mine@example.jp");
        var records = await app.ImportGeneratedAsync(20, seed: 156);
        var theirs = records.First(r => r.ClosedOn is null && r.Code != mine.Code);
        await RegisterAsync(app, theirs.Code.Value, theirs.Name, theirs.Founder, "theirs@example.jp", Password);
        var other = new HttpSession(app.CreateBrowserLikeClient());
        await other.LogInAsync("theirs@example.jp", Password, "/mypage");

        var (_, page) = await session.GetAsync(Page);
        await session.PostAsync(Request, page, new Dictionary<string, string?>());
        var (_, otherPage) = await other.GetAsync(Page);
        await other.PostAsync(Request, otherPage, new Dictionary<string, string?>());
        var printed = await PrintAsync(app);
        Assert.Equal(2, printed.Count);

        var (_, foreign) = await session.PostAsync(Enter, page, new Dictionary<string, string?> { ["Pin"] = printed[theirs.Code.Value] });
        Assert.Contains("確認コードが正しくありません", foreign);
        var (proven, _) = await session.PostAsync(Enter, page, new Dictionary<string, string?> { ["Pin"] = printed[mine.Code.Value] });
        Assert.Equal("/mypage?proven=true", proven.Headers.Location?.OriginalString);

        // Signed out: to the login. A back-office account: 403. A proven account: nothing pending, no letter.
        var anonymous = new HttpSession(app.CreateBrowserLikeClient());
        var (_, anonymousPage) = await anonymous.GetAsync("/login");
        var (signedOut, _) = await anonymous.PostAsync(Request, anonymousPage, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.StartsWith("https://localhost/login", signedOut.Headers.Location!.ToString());
        var (operatorEmail, operatorPassword) = await app.AddOperatorAsync();
        var desk = new HttpSession(app.CreateBrowserLikeClient());
        await desk.LogInAsync(operatorEmail, operatorPassword, "/operator");
        var (_, deskPage) = await desk.GetAsync("/operator");
        Assert.Equal(HttpStatusCode.Forbidden, (await desk.PostAsync(Request, deskPage, new Dictionary<string, string?>())).Response.StatusCode);
        var (_, provenPage) = await session.GetAsync(Page);
        var (_, notPending) = await session.PostAsync(Request, provenPage, new Dictionary<string, string?>());
        Assert.Contains(RegistrationPins.NotPending, notPending);
        Assert.Equal(2, await LettersAsync(app));
    }

    private static async Task<(InstitutionRecord Institution, HttpSession Session)> PendingAsync(PortalAppFactory app, int seed, string email)
    {
        var records = await app.ImportGeneratedAsync(20, seed);
        var institution = records.First(r => r.ClosedOn is null);
        await RegisterAsync(app, institution.Code.Value, institution.Name, institution.Founder, email, Password);
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, Password, "/mypage");
        return (institution, session);
    }

    /// <summary>Five wrong entries: the outstanding code dies, so that another may be asked.</summary>
    private static async Task KillOutstandingAsync(HttpSession session)
    {
        var (_, page) = await session.GetAsync(Page);
        for (var i = 0; i < 5; i++)
        {
            await session.PostAsync(Enter, page, new Dictionary<string, string?> { ["Pin"] = "0000-0000" });
        }

        var after = (await session.GetAsync(Page)).Html;
        Assert.True(after.Contains("確認コードを郵送で請求する", StringComparison.Ordinal), after);
    }

    private static async Task<int> LettersAsync(PortalAppFactory app)
    {
        await using var db = app.Database.CreateContext();
        return await db.Set<PostalLetter>().CountAsync(l => l.Kind == PostalLetterKind.RegistrationPin);
    }

    /// <summary>Closes the queue with <c>post batch</c> and returns the PIN letters' PDF of the new batch and its folder.</summary>
    private async Task<(string Pdf, string Batch)> BatchPdfAsync(PortalAppFactory app)
    {
        var run = await app.RunCommandAsync("post", "batch", "--out", folder);
        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        var batch = Directory.GetDirectories(folder, "batch-*").Order(StringComparer.Ordinal).Last();
        var manifest = await File.ReadAllTextAsync(Path.Combine(batch, CampaignExport.ManifestUtf8));
        Assert.Contains("確認コードのお知らせ", manifest);
        return (Path.Combine(batch, PrintBatches.PdfName(PostalLetterKind.RegistrationPin)), batch);
    }

    /// <summary>The codes printed in the new batch, by the institution code each letter is addressed to.</summary>
    private async Task<Dictionary<string, string>> PrintAsync(PortalAppFactory app)
    {
        var (pdf, batch) = await BatchPdfAsync(app);
        var printed = new Dictionary<string, string>();
        foreach (var page in PdfTools.Pages(pdf).Where(p => p.Trim().Length > 0))
        {
            var institution = InstitutionLine().Match(page).Groups[1].Value;
            var value = PrintedCode().Match(page).Groups[1].Value;
            Assert.False(string.IsNullOrEmpty(value), page);
            printed[institution] = value;
        }

        // The manifest lists the letters, never their codes.
        var manifest = await File.ReadAllTextAsync(Path.Combine(batch, CampaignExport.ManifestUtf8));
        Assert.All(printed.Values, v => Assert.DoesNotContain(v, manifest));
        return printed;
    }

    private static string Wrong(string value) => value == "1234-5678" ? "8765-4321" : "1234-5678";

    [GeneratedRegex(@"確認コード\s+(\d{4}-\d{4})")]
    private static partial Regex PrintedCode();

    [GeneratedRegex(@"医療機関等コード：(\d{7,10})")]
    private static partial Regex InstitutionLine();
}

public sealed class RegistrationPinTestsOnSqlite : RegistrationPinTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class RegistrationPinTestsOnPostgres : RegistrationPinTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
