using System.Net;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>Flow 3: 承継届出 filed from the old code's account, reviewed by an operator, and the account moved on acceptance.</summary>
public abstract class SuccessionTests : DataTest
{
    private const string Email = "sakura@example.jp";

    [Fact]
    public async Task An_accepted_succession_moves_the_account_to_the_new_code_keeping_its_login()
    {
        await using var app = await StartAppAsync();
        var (records, institution) = await app.ActivatedInstitutionAsync(Email);
        var newCode = FilingScenario.NewCodeFor(institution, records);
        var timed = app.WithClock(new ManualClock(FilingScenario.March2023));
        var session = timed.Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");

        var (_, myPage) = await session.GetAsync("/mypage");
        Assert.Contains("オンライン資格確認関係 保険医療機関等承継届出", myPage);
        Assert.Contains("まだ届出はありません", myPage);
        var (_, form) = await session.GetAsync("/mypage/succession");
        Assert.Contains("href=\"/mypage/succession/about\"", form);
        Assert.Contains("href=\"/mypage/succession/example\"", form);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/mypage/succession/about")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/mypage/succession/example")).Response.StatusCode);

        // Full-width digits and hyphens in the code, normalised on the check page; back keeps the entries.
        var fullWidth = string.Concat(newCode.Value.Select(c => (char)(c - '0' + '０'))).Insert(5, "－");
        var check = await session.CheckSuccessionAsync(FilingScenario.SuccessionEntries(fullWidth));
        Assert.Contains(newCode.Value, check);
        Assert.Contains("100-0001", check);
        Assert.Contains("個人診療所の医療法人化", check);
        var (_, back) = await session.PostAsync("/mypage/succession?handler=Back", check, new Dictionary<string, string?> { ["Draft"] = HttpSession.HiddenValue(check, "Draft") });
        Assert.Contains($"value=\"{newCode.Value}\"", back);
        Assert.Contains("value=\"2023-04-01\"", back);

        var (confirmed, _) = await session.ConfirmAsync("/mypage/succession", check);
        var receipt = FilingScenario.ReceiptOf(confirmed);
        Assert.Equal("S-2023-000001", receipt);

        // The same check page confirmed again (a double click, a second tab) files nothing more.
        var (again, _) = await session.ConfirmAsync("/mypage/succession", check);
        Assert.Equal(receipt, FilingScenario.ReceiptOf(again));
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(1, await db.Set<Filing>().CountAsync());
        }

        var (_, receiptPage) = await session.GetAsync(confirmed.Headers.Location!.OriginalString);
        Assert.Contains("届出を受け付けました", receiptPage);
        Assert.Contains(receipt, receiptPage);
        var submitted = Assert.Single(await app.MailsToAsync(Email), m => m.Subject.Contains("受付のお知らせ", StringComparison.Ordinal));
        Assert.Contains(receipt, submitted.Subject);
        Assert.Contains(newCode.Value, submitted.TextBody);
        (_, myPage) = await session.GetAsync("/mypage");
        Assert.Contains(receipt, myPage);
        Assert.Contains(">受付<", myPage);

        // The copy (控え) is a PDF that carries the receipt number and the entries.
        var copy = await session.Client.GetAsync($"/mypage/filings/{receipt}?handler=Copy");
        Refusals.AssertNotStored(copy);
        Assert.Equal("application/pdf", copy.Content.Headers.ContentType?.MediaType);
        var copyText = FilingScenario.PdfText(await copy.Content.ReadAsByteArrayAsync());
        Assert.Contains(receipt, copyText);
        Assert.Contains(newCode.Value, copyText);
        Assert.Contains("控え", copyText);

        // Another institution cannot see it.
        var stranger = records.First(r => r.ClosedOn is null && r.Code != institution.Code);
        await app.ActivateAccountAsync(stranger.Code.Value, "other@example.jp");
        var strangerSession = timed.Session();
        await strangerSession.LogInAsync("other@example.jp", ActivationScenario.NewPassword, "/mypage");
        Assert.Equal(HttpStatusCode.NotFound, (await strangerSession.GetAsync($"/mypage/filings/{receipt}")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await strangerSession.Client.GetAsync($"/mypage/filings/{receipt}?handler=Copy")).StatusCode);

        // The operator's queue shows it with its age; the detail page accepts it.
        var (operatorEmail, operatorPassword) = await app.AddOperatorAsync();
        var operatorSession = timed.Session();
        await operatorSession.LogInAsync(operatorEmail, operatorPassword, "/operator");
        var (_, queue) = await operatorSession.GetAsync("/operator/filings/succession?Criteria.State=Submitted");
        Assert.Contains(receipt, queue);
        Assert.Contains("0日", queue);
        var (_, detail) = await operatorSession.GetAsync($"/operator/filings/succession/{receipt}");
        Assert.Contains(Email, detail);
        Assert.DoesNotContain("受理を確定する", detail);

        // The confirmation says what 受理 will change, and changes nothing itself.
        var (_, confirm) = await operatorSession.GetAsync($"/operator/filings/succession/{receipt}?handler=Accept");
        Assert.Contains("受理を確定する", confirm);
        Assert.Contains("取り消せません", confirm);
        Assert.Contains($"{institution.Code.Value} は「承継済」になり、承継先 {newCode.Value}", confirm);
        Assert.Contains(WebUtility.HtmlEncode(Email) + " が " + institution.Code.Value, confirm);
        Assert.Equal(FilingState.Submitted, (await app.FilingAsync(receipt)).State);
        var (accepted, _) = await operatorSession.PostAsync($"/operator/filings/succession/{receipt}?handler=Accept", confirm, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);

        await using (var db = app.Database.CreateContext())
        {
            var account = await db.Users.SingleAsync(u => u.Email == Email);
            Assert.Equal(newCode.Value, account.InstitutionCode);
            var old = await db.Institutions.Include(i => i.Revisions).SingleAsync(i => i.Code == institution.Code.Value);
            Assert.Equal(InstitutionStatus.Succeeded, old.Status);
            Assert.Equal(newCode.Value, old.SuccessorCode);
            Assert.Contains(old.Revisions, r => r.Kind == RevisionKind.Succeeded);
            var successor = await db.Institutions.Include(i => i.Revisions).SingleAsync(i => i.Code == newCode.Value);
            Assert.Equal("医療法人さくら会 さくら内科クリニック", successor.Name);
            Assert.Contains(successor.Revisions, r => r.Kind == RevisionKind.SucceededFrom && r.Changes.Contains(institution.Code.Value, StringComparison.Ordinal));
            var actions = await db.Set<AuditEntry>().Select(a => a.Action).ToListAsync();
            Assert.Contains("filing.submitted", actions);
            Assert.Contains("filing.accepted", actions);
            Assert.Contains("succession.account-moved", actions);
            var filing = await db.Set<Filing>().Include(f => f.Events).SingleAsync();
            Assert.Equal(FilingState.Accepted, filing.State);
            Assert.Null(filing.OpenKey);
            Assert.Equal([FilingState.Submitted, FilingState.Accepted], filing.Events.OrderBy(e => e.Id).Select(e => e.To));
        }

        Assert.Contains(await app.MailsToAsync(Email), m => m.Subject.Contains("受理のお知らせ", StringComparison.Ordinal) && m.TextBody.Contains(newCode.Value, StringComparison.Ordinal));

        // Both histories show the succession.
        var (_, oldHistory) = await operatorSession.GetAsync($"/operator/institutions/{institution.Code.Value}");
        Assert.Contains("承継済", oldHistory);
        Assert.Contains("承継（承継先へ）", oldHistory);
        Assert.Contains(newCode.Value, oldHistory);
        var (_, newHistory) = await operatorSession.GetAsync($"/operator/institutions/{newCode.Value}");
        Assert.Contains("承継（承継元から）", newHistory);
        Assert.Contains(institution.Code.Value, newHistory);

        // The guidance letter is not printed by hand: the acceptance queued it (SuccessionGuidanceLetterTests read it).
        var (_, acceptedPage) = await operatorSession.GetAsync($"/operator/filings/succession/{receipt}");
        Assert.Contains("印刷待ちに入りました", acceptedPage);
        Assert.DoesNotContain("handler=Guidance", acceptedPage);

        // The same e-mail and password now open the new code; the old filing stays, read-only.
        var later = timed.Session();
        await later.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");
        (_, myPage) = await later.GetAsync("/mypage");
        Assert.Contains(newCode.Value, myPage);
        Assert.Contains($"旧コード {institution.Code.Value}", myPage);
        var (_, oldFiling) = await later.GetAsync($"/mypage/filings/{receipt}");
        Assert.Contains(">受理<", oldFiling);
        Assert.DoesNotContain("この届出を取り下げる", oldFiling);

        // The dashboard counts the account for the new code, on the day it was made, and no longer for the old one.
        await DashboardRecords.AssertAgreesAsync(app);
        await using (var steps = app.Database.CreateContext())
        {
            var made = await steps.Users.Where(u => u.Email == Email).Select(u => u.CreatedAt).SingleAsync();
            Assert.Equal(JapanTime.DayOf(made), (await steps.Institutions.SingleAsync(i => i.Code == newCode.Value)).AccountCreatedOn);
            Assert.Null((await steps.Institutions.SingleAsync(i => i.Code == institution.Code.Value)).AccountCreatedOn);
        }
    }

    [Fact]
    public async Task Every_bad_entry_is_refused_in_Japanese_beside_its_field_and_nothing_is_filed()
    {
        await using var app = await StartAppAsync();
        var (records, institution) = await app.ActivatedInstitutionAsync(Email);
        var other = records.First(r => r.ClosedOn is null && r.Code != institution.Code && r.Code.Kind == institution.Code.Kind);
        await app.ActivateAccountAsync(other.Code.Value, "other@example.jp");
        var session = app.WithClock(new ManualClock(FilingScenario.March2023)).Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");
        var (_, form) = await session.GetAsync("/mypage/succession");

        async Task<string> CheckAsync(Dictionary<string, string?> entries)
        {
            var (response, html) = await session.PostAsync("/mypage/succession?handler=Check", form, entries);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("上記の内容で確定する", html);
            Assert.Contains("入力内容に誤りがあります", html);
            return html;
        }

        var empty = await CheckAsync(FilingScenario.SuccessionEntries(string.Empty).ToDictionary(e => e.Key, _ => (string?)string.Empty));
        foreach (var message in new[]
        {
            "新しい医療機関等コードを入力してください。", "新しいコードの有効開始日を入力してください。", "承継の理由を選んでください。",
            "新しい医療機関等の名称を入力してください。", "新しい開設者を入力してください。", "新しい所在地の郵便番号を入力してください。",
            "新しい所在地を入力してください。", "担当者名を入力してください。", "担当者の電話番号を入力してください。",
        })
        {
            Assert.Contains(message, empty);
        }

        Assert.Contains("id=\"Input_NewCode-error\"", empty);

        var wrongCheckDigit = institution.Code.Value[..9] + (char)('0' + ((institution.Code.Value[9] - '0' + 1) % 10));
        var sameKindOtherKind = InstitutionCode.Create(institution.Code.Prefecture, institution.Code.Kind == InstitutionKind.Pharmacy ? InstitutionKind.Medical : InstitutionKind.Pharmacy, 99, 9001);
        var cases = new (string Field, string? Value, string Message)[]
        {
            ("Input.NewCode", wrongCheckDigit, "検証番号が正しくありません"),
            ("Input.NewCode", institution.Code.Value, "現在の医療機関等コードと同じです"),
            ("Input.NewCode", sameKindOtherKind.Value, "点数表番号"),
            ("Input.NewCode", other.Code.Value, "すでにアカウントが登録されています"),
            ("Input.ValidFrom", "2023-02-30", "正しい日付"),
            ("Input.Reason", "unknown", "一覧から選んでください"),
            ("Input.NewPostalCode", "12345", "郵便番号"),
            ("Input.ContactPhone", "abc", "電話番号"),
        };
        var good = FilingScenario.NewCodeFor(institution, records).Value;
        foreach (var (field, value, message) in cases)
        {
            var entries = FilingScenario.SuccessionEntries(good);
            entries[field] = value;
            var html = await CheckAsync(entries);
            Assert.Contains(message, html);
        }

        var otherReason = FilingScenario.SuccessionEntries(good);
        otherReason["Input.Reason"] = "other";
        Assert.Contains("「その他」を選んだ場合は、承継の理由を入力してください。", await CheckAsync(otherReason));

        await using var db = app.Database.CreateContext();
        Assert.Equal(0, await db.Set<Filing>().CountAsync());
    }

    [Fact]
    public async Task A_closed_institution_cannot_file_a_succession()
    {
        await using var app = await StartAppAsync();
        var (records, institution) = await app.ActivatedInstitutionAsync(Email);
        await using (var db = app.Database.CreateContext())
        {
            var row = await db.Institutions.SingleAsync(i => i.Code == institution.Code.Value);
            row.Status = InstitutionStatus.Closed;
            await db.SaveChangesAsync();
        }

        var session = app.WithClock(new ManualClock(FilingScenario.March2023)).Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");
        var (_, form) = await session.GetAsync("/mypage/succession");
        var (_, html) = await session.PostAsync("/mypage/succession?handler=Check", form, FilingScenario.SuccessionEntries(FilingScenario.NewCodeFor(institution, records).Value));
        Assert.Contains("廃止されているため、承継届出はできません", html);
    }

    [Fact]
    public async Task A_returned_succession_is_corrected_and_filed_again_under_the_same_receipt_number()
    {
        await using var app = await StartAppAsync();
        var (records, institution) = await app.ActivatedInstitutionAsync(Email);
        var newCode = FilingScenario.NewCodeFor(institution, records).Value;
        var timed = app.WithClock(new ManualClock(FilingScenario.March2023));
        var session = timed.Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");
        var receipt = await session.FileSuccessionAsync(newCode);

        var (operatorEmail, operatorPassword) = await app.AddOperatorAsync();
        var operatorSession = timed.Session();
        await operatorSession.LogInAsync(operatorEmail, operatorPassword, "/operator");
        var (_, detail) = await operatorSession.GetAsync($"/operator/filings/succession/{receipt}");
        var (_, noReason) = await operatorSession.PostAsync($"/operator/filings/succession/{receipt}?handler=Return", detail, new Dictionary<string, string?> { ["Reason"] = "  " });
        Assert.Contains("差戻しの理由を入力してください", noReason);
        Assert.Equal(FilingState.Submitted, (await app.FilingAsync(receipt)).State);
        var (returned, _) = await operatorSession.PostAsync($"/operator/filings/succession/{receipt}?handler=Return", detail, new Dictionary<string, string?> { ["Reason"] = "新しい開設者の氏名が指定通知書と異なります。" });
        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        Assert.Contains(await app.MailsToAsync(Email), m => m.Subject.Contains("差戻しのお知らせ", StringComparison.Ordinal) && m.TextBody.Contains("指定通知書と異なります", StringComparison.Ordinal));

        var (_, myPage) = await session.GetAsync("/mypage");
        Assert.Contains(">差戻し<", myPage);
        var (_, page) = await session.GetAsync($"/mypage/filings/{receipt}");
        Assert.Contains("指定通知書と異なります", page);
        Assert.Contains($"/mypage/succession?correct={receipt}", page);

        // The form opens with the filed entries; the corrected filing keeps its number.
        var (_, correcting) = await session.GetAsync($"/mypage/succession?correct={receipt}");
        Assert.Contains($"value=\"{newCode}\"", correcting);
        var entries = FilingScenario.SuccessionEntries(newCode);
        entries["Input.NewFounder"] = "医療法人さくら会 理事長 佐藤 一朗";
        var check = await session.CheckSuccessionAsync(entries, $"?correct={receipt}");
        var (confirmed, _) = await session.ConfirmAsync("/mypage/succession", check, $"?correct={receipt}");
        Assert.Equal(receipt, FilingScenario.ReceiptOf(confirmed));

        var filing = await app.FilingAsync(receipt);
        Assert.Equal(FilingState.Submitted, filing.State);
        Assert.Contains("佐藤 一朗", filing.Fields);
        Assert.Equal([FilingState.Submitted, FilingState.Returned, FilingState.Submitted], filing.Events.OrderBy(e => e.Id).Select(e => e.To));
        Assert.Equal("新しい開設者の氏名が指定通知書と異なります。", filing.Events.Single(e => e.To == FilingState.Returned).Reason);

        // A filing that is not returned cannot be "corrected".
        Assert.Equal(HttpStatusCode.NotFound, (await session.GetAsync($"/mypage/succession?correct={receipt}")).Response.StatusCode);
    }

    [Fact]
    public async Task A_withdrawn_succession_cannot_be_accepted_and_a_new_one_can_then_be_filed()
    {
        await using var app = await StartAppAsync();
        var (records, institution) = await app.ActivatedInstitutionAsync(Email);
        var newCode = FilingScenario.NewCodeFor(institution, records).Value;
        var timed = app.WithClock(new ManualClock(FilingScenario.March2023));
        var session = timed.Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");
        var receipt = await session.FileSuccessionAsync(newCode);

        // While one is open, the form says so instead of offering a second.
        var (_, form) = await session.GetAsync("/mypage/succession");
        Assert.Contains("受付の状態です", form);
        Assert.DoesNotContain("確認画面へ進む", form);

        var (operatorEmail, operatorPassword) = await app.AddOperatorAsync();
        var operatorSession = timed.Session();
        await operatorSession.LogInAsync(operatorEmail, operatorPassword, "/operator");
        var (_, detail) = await operatorSession.GetAsync($"/operator/filings/succession/{receipt}");

        var (_, page) = await session.GetAsync($"/mypage/filings/{receipt}");
        var (withdrawn, _) = await session.PostAsync($"/mypage/filings/{receipt}?handler=Withdraw", page, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Equal(FilingState.Withdrawn, (await app.FilingAsync(receipt)).State);
        Assert.Contains(await app.MailsToAsync(Email), m => m.Subject.Contains("取下げのお知らせ", StringComparison.Ordinal));

        // Once withdrawn, the confirmation is not offered any more.
        var (confirmLate, _) = await operatorSession.GetAsync($"/operator/filings/succession/{receipt}?handler=Accept");
        Assert.Equal(HttpStatusCode.Redirect, confirmLate.StatusCode);

        // The operator's page was open before: accepting now is refused, and the account stays where it was.
        var (_, refused) = await operatorSession.PostAsync($"/operator/filings/succession/{receipt}?handler=Accept", detail, new Dictionary<string, string?>());
        Assert.Contains("受付の状態ではないため", refused);
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(institution.Code.Value, (await db.Users.SingleAsync(u => u.Email == Email)).InstitutionCode);
        }

        var second = await session.FileSuccessionAsync(newCode);
        Assert.Equal("S-2023-000002", second);
    }

    [Fact]
    public async Task Two_tabs_confirming_at_once_file_one_succession()
    {
        await using var app = await StartAppAsync();
        var (records, institution) = await app.ActivatedInstitutionAsync(Email);
        var newCode = FilingScenario.NewCodeFor(institution, records).Value;
        var session = app.WithClock(new ManualClock(FilingScenario.March2023)).Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");

        // Two check pages (two tabs), each confirmed twice, all at once.
        var first = await session.CheckSuccessionAsync(FilingScenario.SuccessionEntries(newCode));
        var second = await session.CheckSuccessionAsync(FilingScenario.SuccessionEntries(newCode));
        var results = await Task.WhenAll(
            session.ConfirmAsync("/mypage/succession", first),
            session.ConfirmAsync("/mypage/succession", first),
            session.ConfirmAsync("/mypage/succession", second),
            session.ConfirmAsync("/mypage/succession", second));

        await using var db = app.Database.CreateContext();
        var filing = await db.Set<Filing>().SingleAsync();
        var redirected = results.Where(r => r.Response.StatusCode == HttpStatusCode.Redirect).Select(r => FilingScenario.ReceiptOf(r.Response)).Distinct();
        Assert.Equal(filing.ReceiptNumber, Assert.Single(redirected));
        Assert.All(results.Where(r => r.Response.StatusCode != HttpStatusCode.Redirect), r => Assert.Contains("受付中または差戻し中の承継届出があります", r.Html));
        Assert.Single(await app.MailsToAsync(Email), m => m.Subject.Contains("受付のお知らせ", StringComparison.Ordinal));
    }
}

public sealed class SuccessionTestsOnSqlite : SuccessionTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class SuccessionTestsOnPostgres : SuccessionTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
