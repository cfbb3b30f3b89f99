using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Filings;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// Issue 19: the subsidy claim on the procedures engine — after the 運用開始日, computed line by line from the rules
/// (the shipped sample, 2023 set, a 診療所: 1/2 per item, caps 75,000 / 150,000 / 375,000, total 600,000), with the
/// documents the rules require, one per institution, its account in the bank's カナ and never shown to a vendor.
/// </summary>
public abstract class SubsidyClaimTests : DataTest
{
    private const string Email = "claim@example.jp";
    private const string Form = "/mypage/procedures/subsidy";

    /// <summary>7 December 2026, 10:00 in Japan.</summary>
    private static readonly DateTimeOffset Today = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.FromHours(9)).ToUniversalTime();

    /// <summary>
    /// 100,000 → 50,000; 400,000 → 200,000 capped at 150,000; 900,000 → 450,000 capped at 375,000: 575,000 in all.
    /// </summary>
    private static Dictionary<string, string?> Claim(string holder = "イリョウホウジン　サクラカイ", string bank = "０００５") => new()
    {
        ["Values[costCardReader]"] = "100000",
        ["Values[costTerminal]"] = "400000",
        ["Values[costNetwork]"] = string.Empty,
        ["Values[costSystemChange]"] = "900000",
        ["Values[costOther]"] = string.Empty,
        ["Values[bankCode]"] = bank,
        ["Values[branchCode]"] = "001",
        ["Values[depositType]"] = "普通",
        ["Values[accountNumber]"] = "1234567",
        ["Values[holderName]"] = holder,
    };

    private static readonly (string, string, byte[])[] Documents =
    [
        ("receipt", "領収書.pdf", FilingScenario.Pdf("receipt")),
        ("receiptBreakdown", "内訳書.pdf", FilingScenario.Pdf("breakdown")),
        ("completionReport", "完了報告書.pdf", FilingScenario.Pdf("report")),
    ];

    [Fact]
    public async Task A_claim_waits_for_the_start_date_then_files_its_computation_line_by_line()
    {
        await using var app = await StartAppAsync();
        var timed = await ClinicAsync(app);
        var session = timed.Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");
        var (_, early) = await session.GetAsync(Form);
        Assert.Contains("補助金の申請は、運用開始日の登録が受理された後にできます。", early);

        await StartOperationAsync(timed, session);
        var (_, form) = await session.GetAsync(Form);
        var (_, check) = await session.PostDocumentsAsync(Form + "?handler=Check", form, Claim(), Documents);
        Assert.Contains("上記の内容で確定する", check);
        Assert.Contains("サンプル表（例示）2023年度版", check);
        Assert.Contains("資格確認端末: 費用 400,000円 × 補助率 1/2 = 200,000円（1円未満切り捨て）、上限 150,000円 → 補助額 150,000円", check);
        Assert.Contains("補助金の額 575,000円", check);
        Assert.Contains("ｲ)ｻｸﾗｶｲ", check); // the bank's カナ, 医療法人 as ｲ
        Assert.Contains("0005", check);

        var receipt = FilingScenario.ReceiptOf((await session.ConfirmAsync(Form, check)).Response);
        Assert.StartsWith("H-2026-", receipt);
        var filing = await app.FilingAsync(receipt);
        Assert.Equal(575_000, filing.Amount);
        Assert.Equal(3, filing.Attachments.Count);
        Assert.Contains(FilingService.FieldsOf(filing), f => f.Label == "補助金の額" && f.Value.Contains("575,000円", StringComparison.Ordinal));

        // One claim per institution: a second is refused with the first's number.
        var (_, again) = await session.GetAsync(Form);
        Assert.Contains($"補助金の申請は1医療機関等につき1件です（受付番号 {receipt}）", again);

        // The mails say the account is on マイページ, never what it is.
        await using var db = app.Database.CreateContext();
        var mails = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.TextBody.Contains(receipt)).ToListAsync();
        Assert.NotEmpty(mails);
        Assert.All(mails, m => Assert.DoesNotContain("1234567", m.TextBody + m.HtmlBody, StringComparison.Ordinal));

        // At rest the account is sealed: a copy of the database (a backup, an SQL leak) has neither the number nor the
        // name, in the filing or in the audit; the institution's page shows both, opened.
        var stored = await db.Set<Filing>().AsNoTracking().SingleAsync(f => f.ReceiptNumber == receipt);
        var audits = string.Concat(await db.Set<AuditEntry>().AsNoTracking().Where(a => a.Details.Contains(receipt)).Select(a => a.Details).ToListAsync());
        Assert.NotEmpty(audits);
        foreach (var secret in new[] { "1234567", "ｻｸﾗｶｲ" })
        {
            Assert.DoesNotContain(secret, stored.Entries + stored.Fields + audits, StringComparison.Ordinal);
        }

        Assert.Contains("sealed:", stored.Entries, StringComparison.Ordinal);
        var (_, shown) = await session.GetAsync($"/mypage/filings/{receipt}");
        Assert.Contains("1234567", shown, StringComparison.Ordinal);
        Assert.Contains("ｲ)ｻｸﾗｶｲ", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_the_bank_cannot_take_is_refused_beside_its_field_and_nothing_is_filed()
    {
        await using var app = await StartAppAsync();
        var timed = await ClinicAsync(app);
        var session = await StartedAsync(timed);

        var (_, form) = await session.GetAsync(Form);
        var (_, refused) = await session.PostDocumentsAsync(Form + "?handler=Check", form, Claim(holder: "山田太郎", bank: "12"), Documents);

        Assert.DoesNotContain("上記の内容で確定する", refused);
        Assert.Contains("金融機関コードは4桁の数字で入力してください（「12」）。", refused);
        Assert.Contains("「山」", refused);
        await using var db = app.Database.CreateContext();
        Assert.False(await db.Set<Filing>().AnyAsync(f => f.Type == FilingType.SubsidyClaim));
    }

    [Fact]
    public async Task A_vendor_sees_the_claim_without_its_account_and_cannot_file_or_correct_it()
    {
        await using var app = await StartAppAsync();
        var timed = await ClinicAsync(app);
        var session = await StartedAsync(timed);
        var receipt = await FileClaimAsync(session);

        await using (var db = app.Database.CreateContext())
        {
            var code = await db.Set<Filing>().Where(f => f.ReceiptNumber == receipt).Select(f => f.InstitutionCode).SingleAsync();
            await timed.AddVendorAsync(code, "vendor@systems.example.jp", new DateOnly(2027, 3, 31), FilingType.SubsidyClaim);
        }

        var vendor = timed.Session();
        await vendor.LogInAsync("vendor@systems.example.jp", PeopleScenario.Password, "/vendor");
        var (page, shown) = await vendor.GetAsync($"/mypage/filings/{receipt}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("補助金の額", shown);
        Assert.Contains(FilingService.PrivateHidden, shown);
        Assert.DoesNotContain("1234567", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("ｻｸﾗｶｲ", shown, StringComparison.Ordinal);
        var copy = await vendor.Client.GetByteArrayAsync($"/mypage/filings/{receipt}?handler=Copy");
        Assert.DoesNotContain("1234567", FilingScenario.PdfText(copy), StringComparison.Ordinal);

        var (formResponse, _) = await vendor.GetAsync(Form);
        Assert.Equal(HttpStatusCode.Forbidden, formResponse.StatusCode);
        var (correctResponse, _) = await vendor.GetAsync($"{Form}?correct={receipt}");
        Assert.Equal(HttpStatusCode.Forbidden, correctResponse.StatusCode);
    }

    [Fact]
    public async Task The_reviewer_lowers_the_amount_with_a_reason_never_above_the_rules_and_not_granted_is_final()
    {
        await using var app = await StartAppAsync();
        var timed = await ClinicAsync(app);
        var session = await StartedAsync(timed);
        var receipt = await FileClaimAsync(session);
        var id = (await app.FilingAsync(receipt)).Id;

        await using (var scope = timed.Services.CreateAsyncScope())
        {
            var filings = scope.ServiceProvider.GetRequiredService<FilingService>();
            Assert.Equal("交付額は0円から規則で計算した額（575,000円）までで入力してください。", await filings.ChangeAmountAsync(id, "reviewer@onshi.example", 600_000, "上限を超えて"));
            Assert.Equal("交付額を変更する理由を入力してください。", await filings.ChangeAmountAsync(id, "reviewer@onshi.example", 500_000, " "));
            Assert.Null(await filings.ChangeAmountAsync(id, "reviewer@onshi.example", 500_000, "端末の領収書が1台分のみ"));
            Assert.Null(await filings.ChangeAmountAsync(id, "reviewer@onshi.example", 450_000, "ネットワークの内訳なし"));
            Assert.Null(await filings.ChangeAmountAsync(id, "reviewer@onshi.example", 560_000, "内訳書の再確認")); // up again, still within the rules
        }

        var changed = await app.FilingAsync(receipt);
        Assert.Equal(560_000, changed.Amount);
        var changes = changed.Events.Where(e => e.AmountAfter is not null).OrderBy(e => e.Id).Select(e => (e.AmountBefore, e.AmountAfter, e.Reason)).ToList();
        Assert.Equal((575_000L, 500_000L, "端末の領収書が1台分のみ"), (changes[0].AmountBefore!.Value, changes[0].AmountAfter!.Value, changes[0].Reason));
        Assert.Equal((500_000L, 450_000L), (changes[1].AmountBefore!.Value, changes[1].AmountAfter!.Value));
        var (_, page) = await session.GetAsync($"/mypage/filings/{receipt}");
        Assert.Contains("交付額の変更", page);
        Assert.Contains("575,000円 → 500,000円", page);

        await using (var scope = timed.Services.CreateAsyncScope())
        {
            var filings = scope.ServiceProvider.GetRequiredService<FilingService>();
            Assert.Equal("不交付の理由を入力してください。", await filings.RefuseAsync(id, "reviewer@onshi.example", ""));
            Assert.Null(await filings.RefuseAsync(id, "reviewer@onshi.example", "補助の対象期間外の費用です"));
            Assert.NotNull(await filings.AcceptAsync(id, "reviewer@onshi.example")); // final
        }

        Assert.Equal(FilingState.Refused, (await app.FilingAsync(receipt)).State);
        var (_, again) = await session.GetAsync(Form);
        Assert.Contains($"補助金の申請は1医療機関等につき1件です（受付番号 {receipt}）", again);
    }

    /// <summary>An activated 診療所 (no beds in the master) at <see cref="Today"/>.</summary>
    private static async Task<Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>> ClinicAsync(PortalAppFactory app)
    {
        var (_, institution) = await app.ActivatedInstitutionAsync(Email);
        await using var db = app.Database.CreateContext();
        await db.Institutions.Where(i => i.Code == institution.Code.Value).ExecuteUpdateAsync(s => s.SetProperty(i => i.Beds, (int?)null));
        return app.At(new ManualClock(Today));
    }

    /// <summary>The clinic's login, its 利用申請 and 運用開始日 accepted.</summary>
    private static async Task<HttpSession> StartedAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> timed)
    {
        var session = timed.Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");
        await StartOperationAsync(timed, session);
        return session;
    }

    /// <summary>The claim of <see cref="Claim"/> with its three documents, confirmed; returns its receipt.</summary>
    private static async Task<string> FileClaimAsync(HttpSession session)
    {
        var (_, form) = await session.GetAsync(Form);
        var (_, check) = await session.PostDocumentsAsync(Form + "?handler=Check", form, Claim(), Documents);
        return FilingScenario.ReceiptOf((await session.ConfirmAsync(Form, check)).Response);
    }

    /// <summary>利用申請 and 運用開始日 (today), each accepted.</summary>
    private static async Task StartOperationAsync(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> timed, HttpSession session)
    {
        await timed.AcceptedServiceApplicationAsync(session);
        var start = await session.FileProcedureAsync("operation-start", ProcedureScenario.OperationStart("2026-12-07"));
        await timed.AcceptAsync(start);
    }
}

public sealed class SubsidyClaimTestsOnSqlite : SubsidyClaimTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class SubsidyClaimTestsOnPostgres : SubsidyClaimTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
