using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Filings.Deferral;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Files;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>Flow 4: 経過措置届出, its categories from configuration, its documents, its deadline and its review.</summary>
public abstract class DeferralTests : DataTest
{
    private const string Email = "clinic@example.jp";

    private static Dictionary<string, string?> SystemEntries(string contract = "2023-02-10", string completion = "2023-09-15") => new()
    {
        ["Category"] = "system",
        ["Values[contractDate]"] = contract,
        ["Values[vendor]"] = "株式会社オンライン資格システムズ",
        ["Values[completion]"] = completion,
    };

    [Fact]
    public async Task A_deferral_with_its_contract_is_filed_and_accepted_and_My_Page_shows_its_end()
    {
        await using var app = await StartAppAsync();
        var (records, institution) = await app.ActivatedInstitutionAsync(Email);
        var timed = app.At(new ManualClock(FilingScenario.March2023));
        var session = timed.Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");

        var (_, choose) = await session.GetAsync("/mypage/deferral");
        foreach (var name in new[] { "システム整備中", "ネットワーク環境事情", "訪問診療のみ", "改築工事中・臨時施設", "廃止・休止の計画", "その他特に困難な事情" })
        {
            Assert.Contains(name, choose);
        }

        var (_, form) = await session.GetAsync("/mypage/deferral?category=system");
        Assert.Contains("契約書・注文書の写し", form);
        Assert.Contains("name=\"Values[contractDate]\"", form);

        var contract = FilingScenario.Pdf("contract-2023");
        var (_, check) = await session.PostFilesAsync("/mypage/deferral?handler=Check&category=system", form, SystemEntries(), ("注文書.pdf", contract));
        Assert.True(check.Contains("入力内容の確認", StringComparison.Ordinal), check);
        Assert.Contains("2023年9月15日", check);
        Assert.Contains("注文書.pdf", check);
        var (confirmed, _) = await session.ConfirmAsync("/mypage/deferral", check);
        var receipt = FilingScenario.ReceiptOf(confirmed);
        Assert.Equal("D-2023-000001", receipt);
        var (again, _) = await session.ConfirmAsync("/mypage/deferral", check);
        Assert.Equal(receipt, FilingScenario.ReceiptOf(again));

        var filing = await app.FilingAsync(receipt);
        Assert.Equal(new DateOnly(2023, 9, 15), filing.DeferralEndsOn);
        Assert.Equal("system", filing.DeferralCategory);
        var attachment = Assert.Single(filing.Attachments);
        Assert.Equal("application/pdf", attachment.ContentType);

        // The document is served to its filer and to operators only.
        var url = $"/mypage/filings/{receipt}?handler=Attachment&id={attachment.Id}";
        Assert.Equal(contract, await session.Client.GetByteArrayAsync(url));
        var stranger = records.First(r => r.ClosedOn is null && r.Code != institution.Code);
        await app.ActivateAccountAsync(stranger.Code.Value, "other@example.jp");
        var strangerSession = timed.Session();
        await strangerSession.LogInAsync("other@example.jp", ActivationScenario.NewPassword, "/mypage");
        Assert.Equal(HttpStatusCode.NotFound, (await strangerSession.Client.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await timed.Session().Client.GetAsync(url)).StatusCode); // anonymous: to the login

        // Every file with personal data is sent as not to be stored by the browser or a proxy.
        Refusals.AssertNotStored(await session.Client.GetAsync(url));
        Refusals.AssertNotStored(await session.Client.GetAsync($"/mypage/filings/{receipt}?handler=Copy"));
        var copy = FilingScenario.PdfText(await session.Client.GetByteArrayAsync($"/mypage/filings/{receipt}?handler=Copy"));
        Assert.Contains(receipt, copy);
        Assert.Contains("システム整備中", copy);

        var (operatorEmail, operatorPassword) = await app.AddOperatorAsync();
        var operatorSession = timed.Session();
        await operatorSession.LogInAsync(operatorEmail, operatorPassword, "/operator");
        Assert.Equal(contract, await operatorSession.Client.GetByteArrayAsync(url));
        var (_, queue) = await operatorSession.GetAsync($"/operator/filings/deferral?Criteria.Prefecture={institution.Code.Prefecture}&Criteria.Kind={institution.Code.Kind}&Criteria.From=2023-03-01&Criteria.To=2023-03-01");
        Assert.Contains(receipt, queue);
        var (_, elsewhere) = await operatorSession.GetAsync("/operator/filings/deferral?Criteria.From=2023-03-02");
        Assert.DoesNotContain(receipt, elsewhere);
        var (_, detail) = await operatorSession.GetAsync($"/operator/filings/deferral/{receipt}");
        Assert.Contains("注文書.pdf", detail);
        Assert.Contains("2023年9月15日", detail);
        var (accepted, _) = await operatorSession.PostAsync($"/operator/filings/deferral/{receipt}?handler=Accept", detail, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);

        var (_, myPage) = await session.GetAsync("/mypage");
        Assert.Contains("経過措置の期限", myPage);
        // A date a clinic reads: 和暦 with 西暦 in brackets, on マイページ and in the mail alike.
        Assert.Contains("令和5年9月15日（2023年9月15日）", myPage);
        Assert.Contains(await app.MailsToAsync(Email), m => m.Subject.Contains("受理のお知らせ", StringComparison.Ordinal) && m.TextBody.Contains("経過措置の期限は令和5年9月15日（2023年9月15日）です。", StringComparison.Ordinal));

        // The list as CSV, for Excel in UTF-8 (with a BOM) and in Shift_JIS.
        Refusals.AssertNotStored(await operatorSession.Client.GetAsync("/operator/filings/deferral?handler=Csv&encoding=utf8"));
        Refusals.AssertNotStored(await operatorSession.Client.GetAsync(url));
        var utf8 = await operatorSession.Client.GetByteArrayAsync("/operator/filings/deferral?handler=Csv&encoding=utf8");
        Assert.Equal([0xEF, 0xBB, 0xBF], utf8[..3]);
        var utf8Text = Encoding.UTF8.GetString(utf8);
        Assert.Contains(receipt, utf8Text);
        Assert.Contains("受理", utf8Text);
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var sjis = Encoding.GetEncoding(932).GetString(await operatorSession.Client.GetByteArrayAsync("/operator/filings/deferral?handler=Csv&encoding=sjis"));
        Assert.StartsWith("受付番号,届出,状態", sjis);
        Assert.Contains(receipt, sjis);
        Assert.Contains("システム整備中", sjis);

        await using var db = app.Database.CreateContext();
        var actions = await db.Set<AuditEntry>().Select(a => a.Action).ToListAsync();
        Assert.Contains("filing.submitted", actions);
        Assert.Contains("filing.accepted", actions);
        Assert.Contains("filing.exported", actions);
        Assert.Contains("filing.attachment-read", actions);
    }

    [Fact]
    public async Task Every_bad_entry_and_document_is_refused_in_Japanese_and_nothing_is_filed()
    {
        await using var app = await StartAppAsync();
        await app.ActivatedInstitutionAsync(Email);
        var session = app.At(new ManualClock(FilingScenario.March2023)).Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");
        var (_, form) = await session.GetAsync("/mypage/deferral?category=system");

        async Task<string> CheckAsync(string category, Dictionary<string, string?> entries, params (string, byte[])[] files)
        {
            var (response, html) = await session.PostFilesAsync($"/mypage/deferral?handler=Check&category={category}", form, entries, files);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("上記の内容で確定する", html);
            Assert.Contains("入力内容に誤りがあります", html);
            return html;
        }

        var empty = await CheckAsync("system", new Dictionary<string, string?> { ["Category"] = "system" });
        Assert.Contains("契約締結日を入力してください。", empty);
        Assert.Contains("契約先のシステム事業者を入力してください。", empty);
        Assert.Contains("システム整備の完了見込み日を入力してください。", empty);
        Assert.Contains("契約書・注文書の写しを添付してください", empty);
        Assert.Contains("id=\"Values_contractDate-error\"", empty);
        Assert.Contains("href=\"#Values_contractDate\"", empty);

        Assert.Contains("契約締結日は令和5年2月28日（2023年2月28日）以前の日付", await CheckAsync("system", SystemEntries(contract: "2023-03-01"), ("c.pdf", FilingScenario.Pdf("x"))));
        Assert.Contains("システム整備の完了見込み日は令和5年9月30日（2023年9月30日）以前の日付", await CheckAsync("system", SystemEntries(completion: "2023-10-01"), ("c.pdf", FilingScenario.Pdf("x"))));
        Assert.Contains("正しい日付", await CheckAsync("system", SystemEntries(completion: "2023-02-30"), ("c.pdf", FilingScenario.Pdf("x"))));

        // Documents are judged by their content: a text file named .png, too many, too large.
        Assert.Contains("PDF、JPEG、PNGのいずれでもありません", await CheckAsync("system", SystemEntries(), ("scan.png", Encoding.UTF8.GetBytes("not an image"))));
        var six = Enumerable.Range(1, 6).Select(i => ($"c{i}.pdf", FilingScenario.Pdf(i.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToArray();
        Assert.Contains("添付できる書類は5件までです", await CheckAsync("system", SystemEntries(), six));
        var large = new byte[(10 * 1024 * 1024) + 1];
        FilingScenario.Pdf("large").CopyTo(large, 0);
        Assert.Contains("10MBを超えています", await CheckAsync("system", SystemEntries(), ("large.pdf", large)));

        // その他: the reason needs 20 characters at least.
        var other = await CheckAsync("other", new Dictionary<string, string?> { ["Category"] = "other", ["Values[circumstances]"] = "回線工事が遅れている", ["Values[resolved]"] = "2023-12-31" });
        Assert.Contains("特に困難な事情の内容は20文字以上で具体的に入力してください", other);

        // A category that does not exist.
        var (_, unknown) = await session.GetAsync("/mypage/deferral?category=nonsense");
        Assert.Contains("届出の区分を一覧から選んでください", unknown);

        await using var db = app.Database.CreateContext();
        Assert.Equal(0, await db.Set<Filing>().CountAsync());
    }

    [Fact]
    public async Task After_the_deadline_the_form_says_it_is_closed_and_files_nothing()
    {
        await using var app = await StartAppAsync();
        await app.ActivatedInstitutionAsync(Email);

        // 1 April 2023, 00:30 in Japan (still 31 March in UTC): closed, as the deadline is a Japanese date.
        var timed = app.At(new ManualClock(new DateTimeOffset(2023, 4, 1, 0, 30, 0, TimeSpan.FromHours(9)).ToUniversalTime()));
        var session = timed.Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");
        var (_, form) = await session.GetAsync("/mypage/deferral?category=network");
        Assert.Contains("経過措置届出の受付は令和5年3月31日（2023年3月31日）で終了しました", form);
        Assert.DoesNotContain("確認画面へ進む", form);
        var (_, myPage) = await session.GetAsync("/mypage");
        Assert.Contains("で終了しました", myPage);
        var (_, posted) = await session.PostFilesAsync("/mypage/deferral?handler=Check&category=network", myPage, new Dictionary<string, string?> { ["Category"] = "network", ["Values[lineAvailable]"] = "2023-06-01" });
        Assert.DoesNotContain("上記の内容で確定する", posted);

        // A configured deadline moves it.
        var later = app.At(new ManualClock(new DateTimeOffset(2023, 4, 1, 0, 30, 0, TimeSpan.FromHours(9)).ToUniversalTime()), new Dictionary<string, string> { ["Filings:Deferral:Deadline"] = "2023-04-30" }).Session();
        await later.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");
        var (_, open) = await later.GetAsync("/mypage/deferral?category=network");
        Assert.Contains("確認画面へ進む", open);

        await using var db = app.Database.CreateContext();
        Assert.Equal(0, await db.Set<Filing>().CountAsync());
    }

    [Fact]
    public async Task A_demo_without_a_configured_deadline_takes_filings_today_and_its_letters_print_that_deadline()
    {
        await using var app = await StartAppAsync();
        await app.ActivatedInstitutionAsync(Email);

        // The demo as `dotnet run` starts it: no deadline configured, the real clock, whatever today is.
        using var demo = app.WithWebHostBuilder(b =>
        {
            b.UseSetting(FilingOptions.DeadlineKey, null);
            b.UseSetting("Demo:Seed", "true");
        });
        var deadline = FilingDeadline.ForDemo(JapanTime.Today(TimeProvider.System));
        Assert.True(deadline > JapanTime.Today(TimeProvider.System).AddMonths(2));
        var session = demo.Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");
        var (_, myPage) = await session.GetAsync("/mypage");
        Assert.Contains($"届出期限 {Wareki.Date(deadline)}", myPage);
        var (_, form) = await session.GetAsync("/mypage/deferral?category=network");
        Assert.Contains("確認画面へ進む", form);

        // The letter's deadline is that same setting: a campaign made now prints it.
        await using var scope = demo.Services.CreateAsyncScope();
        var campaign = await scope.ServiceProvider.GetRequiredService<CampaignService>().CreateAsync(
            new CampaignRequest { Kind = CampaignKind.Unregistered, Name = "デモ", CutoffDate = JapanTime.Today(TimeProvider.System), LetterDate = JapanTime.Today(TimeProvider.System) },
            "test");
        Assert.Equal(deadline, campaign.Deadline);

        // Outside a demo, an unset deadline stays the seed's: a demo's rolling date never reaches production.
        using var production = app.WithWebHostBuilder(b =>
        {
            b.UseSetting(FilingOptions.DeadlineKey, null);
            b.UseSetting("Demo:Seed", "false");
        });
        Assert.Equal(new DateOnly(2023, 3, 31), production.Services.GetRequiredService<IOptions<FilingOptions>>().Value.Deferral.Deadline);
    }

    [Fact]
    public async Task Next_with_no_category_chosen_says_so_beside_the_list()
    {
        await using var app = await StartAppAsync();
        await app.ActivatedInstitutionAsync(Email);
        var session = app.At(new ManualClock(FilingScenario.March2023)).Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");

        // What the browser sends for 次へ with no radio chosen: only the form's own marker.
        var (_, first) = await session.GetAsync("/mypage/deferral");
        Assert.DoesNotContain("error-summary", first);
        var (_, empty) = await session.GetAsync("/mypage/deferral?choose=true");
        Assert.Contains("class=\"error-summary\"", empty);
        Assert.Contains("<a href=\"#Category\">やむを得ない事情（届出の区分）を選んでください。</a>", empty);
        Assert.Contains("aria-invalid=\"true\" aria-describedby=\"Category-error Category-hint\"", empty);
    }

    [Fact]
    public async Task A_deferral_returned_under_the_code_a_succession_left_says_why_it_cannot_be_refiled_and_where_to_file_anew()
    {
        await using var app = await StartAppAsync();
        var (records, institution) = await app.ActivatedInstitutionAsync(Email);
        var newCode = FilingScenario.NewCodeFor(institution, records).Value;
        var timed = app.At(new ManualClock(FilingScenario.March2023));
        var session = timed.Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");
        var (_, form) = await session.GetAsync("/mypage/deferral?category=network");
        var (_, check) = await session.PostFilesAsync("/mypage/deferral?handler=Check&category=network", form, new Dictionary<string, string?> { ["Category"] = "network", ["Values[lineAvailable]"] = "2023-06-01" });
        var deferral = FilingScenario.ReceiptOf((await session.ConfirmAsync("/mypage/deferral", check)).Response);
        var succession = await session.FileSuccessionAsync(newCode);

        var (operatorEmail, operatorPassword) = await app.AddOperatorAsync();
        var operatorSession = timed.Session();
        await operatorSession.LogInAsync(operatorEmail, operatorPassword, "/operator");
        var (_, deferralDetail) = await operatorSession.GetAsync($"/operator/filings/deferral/{deferral}");
        await operatorSession.PostAsync($"/operator/filings/deferral/{deferral}?handler=Return", deferralDetail, new Dictionary<string, string?> { ["Reason"] = "回線事業者の回答書の日付をご確認ください。" });
        var (_, successionDetail) = await operatorSession.GetAsync($"/operator/filings/succession/{succession}");
        await operatorSession.PostAsync($"/operator/filings/succession/{succession}?handler=Accept", successionDetail, new Dictionary<string, string?>());
        Assert.Equal(FilingState.Accepted, (await app.FilingAsync(succession)).State);

        var (_, myPage) = await session.GetAsync("/mypage");
        Assert.DoesNotContain("差戻しの理由を確認して再提出する", myPage);
        Assert.Contains("承継前のコードの届出のため再提出できません", myPage);
        var (_, shown) = await session.GetAsync($"/mypage/filings/{deferral}");
        Assert.Contains("回線事業者の回答書の日付をご確認ください。", shown);
        Assert.Contains($"新しいコード（{newCode}）に移ったため、この届出は修正・再提出できません", shown);
        Assert.Contains("<a class=\"button\" href=\"/mypage/deferral\">新しいコードで経過措置届出を届け出る</a>", shown);
        Assert.DoesNotContain("修正して再提出する", shown);

        // The way it points to is open: no deferral is open under the new code.
        var (_, fresh) = await session.GetAsync("/mypage/deferral?category=network");
        Assert.Contains("確認画面へ進む", fresh);
    }

    [Fact]
    public void The_demo_deadline_is_the_end_of_the_third_month_after_today()
    {
        Assert.Equal(new DateOnly(2027, 3, 31), FilingDeadline.ForDemo(new DateOnly(2026, 12, 5)));
        Assert.Equal(new DateOnly(2027, 4, 30), FilingDeadline.ForDemo(new DateOnly(2027, 1, 31)));
    }

    [Fact]
    public async Task One_deferral_is_open_at_a_time_and_a_returned_one_is_corrected_and_refiled()
    {
        await using var app = await StartAppAsync();
        await app.ActivatedInstitutionAsync(Email);
        var timed = app.At(new ManualClock(FilingScenario.March2023));
        var session = timed.Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");
        var (_, form) = await session.GetAsync("/mypage/deferral?category=network");
        var (_, check) = await session.PostFilesAsync("/mypage/deferral?handler=Check&category=network", form, new Dictionary<string, string?> { ["Category"] = "network", ["Values[lineAvailable]"] = "2023-06-01" });
        Assert.Contains("2023年12月1日", check); // six months after the line is available
        var receipt = FilingScenario.ReceiptOf((await session.ConfirmAsync("/mypage/deferral", check)).Response);

        var (_, second) = await session.GetAsync("/mypage/deferral?category=homeVisit");
        Assert.Contains($"受付番号 <a href=\"/mypage/filings/{receipt}\">{receipt}</a>）が受付の状態です", second);
        Assert.DoesNotContain("確認画面へ進む", second);

        var (operatorEmail, operatorPassword) = await app.AddOperatorAsync();
        var operatorSession = timed.Session();
        await operatorSession.LogInAsync(operatorEmail, operatorPassword, "/operator");
        var (_, detail) = await operatorSession.GetAsync($"/operator/filings/deferral/{receipt}");
        await operatorSession.PostAsync($"/operator/filings/deferral/{receipt}?handler=Return", detail, new Dictionary<string, string?> { ["Reason"] = "回線事業者の回答書の日付をご確認ください。" });

        // Still one open (returned) deferral: a new one is not offered; the returned one is corrected.
        (_, second) = await session.GetAsync("/mypage/deferral");
        Assert.Contains("差戻しの状態です", second);
        var (_, correcting) = await session.GetAsync($"/mypage/deferral?correct={receipt}");
        Assert.Contains("value=\"2023-06-01\"", correcting);
        var (_, recheck) = await session.PostFilesAsync($"/mypage/deferral?handler=Check&correct={receipt}&category=network", correcting, new Dictionary<string, string?> { ["Category"] = "network", ["Correct"] = receipt, ["Values[lineAvailable]"] = "2023-07-01" });
        Assert.Contains("2024年1月1日", recheck);
        var (refiled, _) = await session.ConfirmAsync("/mypage/deferral", recheck, $"?correct={receipt}");
        Assert.Equal(receipt, FilingScenario.ReceiptOf(refiled));
        var filing = await app.FilingAsync(receipt);
        Assert.Equal(FilingState.Submitted, filing.State);
        Assert.Equal(new DateOnly(2024, 1, 1), filing.DeferralEndsOn);

        // Withdrawn, it is closed, and a new one can be filed.
        var (_, page) = await session.GetAsync($"/mypage/filings/{receipt}");
        await session.PostAsync($"/mypage/filings/{receipt}?handler=Withdraw", page, new Dictionary<string, string?>());
        Assert.Equal(FilingState.Withdrawn, (await app.FilingAsync(receipt)).State);
        var (_, visits) = await session.GetAsync("/mypage/deferral?category=homeVisit");
        var (_, visitCheck) = await session.PostFilesAsync("/mypage/deferral?handler=Check&category=homeVisit", visits, new Dictionary<string, string?> { ["Category"] = "homeVisit" });
        Assert.Contains("2024年12月1日", visitCheck);
        Assert.Equal("D-2023-000002", FilingScenario.ReceiptOf((await session.ConfirmAsync("/mypage/deferral", visitCheck)).Response));
    }

    [Fact]
    public async Task A_category_added_in_configuration_shows_on_the_form_and_is_validated()
    {
        await using var app = await StartAppAsync();
        await app.ActivatedInstitutionAsync(Email);
        var settings = new Dictionary<string, string>
        {
            ["Filings:Deferral:Categories:6:Id"] = "disaster",
            ["Filings:Deferral:Categories:6:Name"] = "災害による被災",
            ["Filings:Deferral:Categories:6:Description"] = "災害救助法の適用地域で被災した。",
            ["Filings:Deferral:Categories:6:Fields:0:Id"] = "recovery",
            ["Filings:Deferral:Categories:6:Fields:0:Label"] = "診療再開の見込み日",
            ["Filings:Deferral:Categories:6:Fields:0:Type"] = "Date",
            ["Filings:Deferral:Categories:6:Fields:0:Latest"] = "2023-12-31",
            ["Filings:Deferral:Categories:6:End:Field"] = "recovery",
            ["Filings:Deferral:Categories:6:End:AddMonths"] = "3",
            ["Filings:Deferral:Categories:6:Attachments"] = "None",
        };
        var session = app.At(new ManualClock(FilingScenario.March2023), settings).Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");

        var (_, choose) = await session.GetAsync("/mypage/deferral");
        Assert.Contains("7. 災害による被災", choose);
        var (_, form) = await session.GetAsync("/mypage/deferral?category=disaster");
        Assert.Contains("診療再開の見込み日", form);

        var (_, late) = await session.PostFilesAsync("/mypage/deferral?handler=Check&category=disaster", form, new Dictionary<string, string?> { ["Category"] = "disaster", ["Values[recovery]"] = "2024-01-15" });
        Assert.Contains("診療再開の見込み日は令和5年12月31日（2023年12月31日）以前の日付を入力してください。", late);
        var (_, check) = await session.PostFilesAsync("/mypage/deferral?handler=Check&category=disaster", form, new Dictionary<string, string?> { ["Category"] = "disaster", ["Values[recovery]"] = "2023-10-15" });
        Assert.Contains("2024年1月15日", check);
        var receipt = FilingScenario.ReceiptOf((await session.ConfirmAsync("/mypage/deferral", check)).Response);
        var filing = await app.FilingAsync(receipt);
        Assert.Equal("disaster", filing.DeferralCategory);
        Assert.Equal(new DateOnly(2024, 1, 15), filing.DeferralEndsOn);

        // Without the setting the category does not exist.
        var (_, plain) = await app.At(new ManualClock(FilingScenario.March2023)).Session().GetAsync("/mypage/succession/about");
        Assert.DoesNotContain("災害による被災", plain);
    }

    [Fact]
    public async Task A_check_post_stores_nothing_when_the_period_is_closed_or_a_filing_is_already_open()
    {
        await using var app = await StartAppAsync();
        await app.ActivatedInstitutionAsync(Email);

        var closed = app.At(new ManualClock(new DateTimeOffset(2023, 4, 1, 10, 0, 0, TimeSpan.FromHours(9)).ToUniversalTime()));
        var late = closed.Session();
        await late.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");
        var (_, myPage) = await late.GetAsync("/mypage");
        var (_, refused) = await late.PostFilesAsync("/mypage/deferral?handler=Check&category=system", myPage, SystemEntries(), ("注文書.pdf", FilingScenario.Pdf("late")));
        Assert.Contains("受付は令和5年3月31日（2023年3月31日）で終了しました", refused, StringComparison.Ordinal);
        Assert.Empty(StagedFiles(closed));

        var timed = app.At(new ManualClock(FilingScenario.March2023));
        var session = timed.Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");
        var (_, form) = await session.GetAsync("/mypage/deferral?category=system");
        var (_, check) = await session.PostFilesAsync("/mypage/deferral?handler=Check&category=system", form, SystemEntries(), ("注文書.pdf", FilingScenario.Pdf("first")));
        FilingScenario.ReceiptOf((await session.ConfirmAsync("/mypage/deferral", check)).Response);
        Assert.Empty(StagedFiles(timed)); // moved in with its filing

        var (_, again) = await session.PostFilesAsync("/mypage/deferral?handler=Check&category=system", form, SystemEntries(), ("注文書.pdf", FilingScenario.Pdf("second")));
        Assert.Contains("届出は1件ずつ行えます", again, StringComparison.Ordinal);
        Assert.Empty(StagedFiles(timed));
    }

    [Fact]
    public async Task Staging_is_capped_per_account_replaced_by_each_check_and_limited_per_hour()
    {
        await using var app = await StartAppAsync();
        await app.ActivatedInstitutionAsync(Email);
        var timed = app.At(new ManualClock(FilingScenario.March2023), new Dictionary<string, string>
        {
            ["Filings:Attachments:MaxStagedBytesPerAccount"] = "1000",
            ["Filings:Attachments:MaxUploadBytesPerAccountPerHour"] = "3072",
        });
        var session = timed.Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");
        var (_, form) = await session.GetAsync("/mypage/deferral?category=system");
        const string Url = "/mypage/deferral?handler=Check&category=system";

        // Two of 600 bytes are more than an account may stage at once: neither is stored.
        var (_, tooMuch) = await session.PostFilesAsync(Url, form, SystemEntries(), ("a.pdf", Padded(600)), ("b.pdf", Padded(600)));
        Assert.Contains("添付書類は合計0MBまでです", tooMuch, StringComparison.Ordinal);
        Assert.Empty(StagedFiles(timed));

        // Entries with a mistake: the documents are not stored either.
        var wrong = SystemEntries(contract: "not-a-date");
        var (_, mistaken) = await session.PostFilesAsync(Url, form, wrong, ("a.pdf", Padded(600)));
        Assert.Contains("書類は保存していません", mistaken, StringComparison.Ordinal);
        Assert.Empty(StagedFiles(timed));

        var (_, first) = await session.PostFilesAsync(Url, form, SystemEntries(), ("a.pdf", Padded(600)));
        Assert.Contains("入力内容の確認", first, StringComparison.Ordinal);
        Assert.Single(StagedFiles(timed));

        // Back to the form with the draft, one more document: both kept (900 bytes).
        var draft = HttpSession.HiddenValue(first, "Draft");
        var (_, second) = await session.PostFilesAsync(Url, form, new Dictionary<string, string?>(SystemEntries()) { ["Draft"] = draft }, ("b.pdf", Padded(300)));
        Assert.Contains("入力内容の確認", second, StringComparison.Ordinal);
        Assert.Equal(2, StagedFiles(timed).Count);

        // A fresh check (no draft) replaces the account's earlier staging.
        var (_, fresh) = await session.PostFilesAsync(Url, form, SystemEntries(), ("c.pdf", Padded(600)));
        Assert.Contains("入力内容の確認", fresh, StringComparison.Ordinal);
        Assert.Single(StagedFiles(timed));

        // 3 KiB an hour: three uploads spent it.
        var (_, hourly) = await session.PostFilesAsync(Url, form, SystemEntries(), ("d.pdf", Padded(600)));
        Assert.Contains("短時間に多くの書類が送信された", hourly, StringComparison.Ordinal);
        Assert.Empty(StagedFiles(timed)); // the earlier staging was replaced, the new one refused
    }

    [Fact]
    public async Task Posts_to_the_filing_forms_beyond_the_per_address_limit_get_429_and_store_nothing()
    {
        await using var app = await StartAppAsync();
        await app.ActivatedInstitutionAsync(Email);
        var timed = app.At(new ManualClock(FilingScenario.March2023), new Dictionary<string, string> { ["RateLimits:UploadPostsPerAddressPerMinute"] = "2" });
        var session = timed.Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");
        var (_, form) = await session.GetAsync("/mypage/deferral?category=system");
        for (var i = 0; i < 2; i++)
        {
            var (ok, _) = await session.PostFilesAsync("/mypage/deferral?handler=Check&category=system", form, SystemEntries(), ("a.pdf", FilingScenario.Pdf("ok")));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var staged = StagedFiles(timed);
        var (limited, _) = await session.PostFilesAsync("/mypage/deferral?handler=Check&category=system", form, SystemEntries(), ("a.pdf", FilingScenario.Pdf("flood")));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter is not null);
        Assert.Equal(staged, StagedFiles(timed));
        var (succession, _) = await session.PostAsync("/mypage/succession?handler=Check", form, FilingScenario.SuccessionEntries("0110113719"));
        Assert.Equal(HttpStatusCode.TooManyRequests, succession.StatusCode);
    }

    /// <summary>The ids of the staged uploads in the database's file store.</summary>
    private static List<Guid> StagedFiles(WebApplicationFactory<Program> app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return [.. db.Set<StoredFile>().Where(f => f.Area == AttachmentStore.StagingArea).Select(f => f.Id).AsEnumerable().Order()];
    }

    private static byte[] Padded(int length)
    {
        var pdf = FilingScenario.Pdf("padded");
        return [.. pdf, .. Enumerable.Repeat((byte)' ', length - pdf.Length)];
    }

    [Fact]
    public async Task Another_institution_cannot_read_a_document_through_its_own_filing_or_by_a_guessed_id()
    {
        await using var app = await StartAppAsync();
        var (records, institution) = await app.ActivatedInstitutionAsync(Email);
        var timed = app.At(new ManualClock(FilingScenario.March2023));
        var victim = timed.Session();
        await victim.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");
        var (_, form) = await victim.GetAsync("/mypage/deferral?category=system");
        var secret = FilingScenario.Pdf("victim-contract");
        var (_, check) = await victim.PostFilesAsync("/mypage/deferral?handler=Check&category=system", form, SystemEntries(), ("契約書.pdf", secret));
        var victimReceipt = FilingScenario.ReceiptOf((await victim.ConfirmAsync("/mypage/deferral", check)).Response);
        var victimAttachment = Assert.Single((await app.FilingAsync(victimReceipt)).Attachments);

        var stranger = records.First(r => r.ClosedOn is null && r.Code != institution.Code);
        await app.ActivateAccountAsync(stranger.Code.Value, "other@example.jp");
        var hostile = timed.Session();
        await hostile.LogInAsync("other@example.jp", ActivationScenario.NewPassword, "/mypage");
        var (_, hostileForm) = await hostile.GetAsync("/mypage/deferral?category=system");
        var (_, hostileCheck) = await hostile.PostFilesAsync("/mypage/deferral?handler=Check&category=system", hostileForm, SystemEntries(), ("自分の.pdf", FilingScenario.Pdf("own")));
        var hostileReceipt = FilingScenario.ReceiptOf((await hostile.ConfirmAsync("/mypage/deferral", hostileCheck)).Response);
        var own = Assert.Single((await app.FilingAsync(hostileReceipt)).Attachments);
        Assert.Equal(HttpStatusCode.OK, (await hostile.Client.GetAsync($"/mypage/filings/{hostileReceipt}?handler=Attachment&id={own.Id}")).StatusCode);

        // The victim's filing, the victim's attachment id under the stranger's own filing, and nearby ids: all 404.
        var probes = new List<string>
        {
            $"/mypage/filings/{victimReceipt}?handler=Attachment&id={victimAttachment.Id}",
            $"/mypage/filings/{hostileReceipt}?handler=Attachment&id={victimAttachment.Id}",
        };
        probes.AddRange(Enumerable.Range(-3, 7).Where(d => victimAttachment.Id + d != own.Id).Select(d => $"/mypage/filings/{hostileReceipt}?handler=Attachment&id={victimAttachment.Id + d}"));
        await using (var db = app.Database.CreateContext())
        {
            // Stored file ids in place of an attachment id mean nothing either.
            foreach (var fileId in await db.Set<StoredFile>().Where(f => f.Id != own.FileId).Select(f => f.Id).ToListAsync())
            {
                probes.Add($"/mypage/filings/{hostileReceipt}?handler=Attachment&id={fileId}");
                probes.Add($"/mypage/filings/{hostileReceipt}?handler=Attachment&fileId={fileId}");
            }
        }

        foreach (var probe in probes)
        {
            var response = await hostile.Client.GetAsync(probe);
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{probe}: {response.StatusCode}");
        }

        // The victim still reads its own document, byte for byte, from the database.
        Assert.Equal(secret, await victim.Client.GetByteArrayAsync($"/mypage/filings/{victimReceipt}?handler=Attachment&id={victimAttachment.Id}"));
    }

    [Fact]
    public async Task Receipt_numbers_stay_unique_when_many_are_given_at_once()
    {
        await using var app = await StartAppAsync();
        var numbers = await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var number = await scope.ServiceProvider.GetRequiredService<ReceiptNumbers>().NextAsync(FilingType.Deferral, 2023);
            await transaction.CommitAsync();
            return number;
        }));

        Assert.Equal(16, numbers.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 16).Select(i => ReceiptNumbers.Format(FilingType.Deferral, 2023, i)).Order(), numbers.Order());
    }
}

public sealed class DeferralTestsOnSqlite : DeferralTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class DeferralTestsOnPostgres : DeferralTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
