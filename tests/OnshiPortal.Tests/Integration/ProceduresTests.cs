using System.Net;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.People;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// The road after the account on the procedures engine: 利用申請, カードリーダー, 電子証明書, 運用開始日 — their order,
/// their limits, the steps after 受理, 手続きの状況, and the road carried by a succession.
/// </summary>
public abstract class ProceduresTests : DataTest
{
    private const string Email = "road@example.jp";

    /// <summary>7 December 2026, 10:00 in Japan.</summary>
    private static readonly DateTimeOffset Today = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.FromHours(9)).ToUniversalTime();

    [Fact]
    public async Task The_road_opens_in_order_and_each_rule_refuses_with_its_reason()
    {
        await using var app = await StartAppAsync();
        await app.ActivatedInstitutionAsync(Email);
        var timed = app.At(new ManualClock(Today));
        var session = timed.Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");

        var (_, road) = await session.GetAsync("/mypage/road");
        Assert.Contains("利用申請をしてください", road);
        Assert.Contains("利用申請が受理された後に申請できます", road);

        // Before the 利用申請 is accepted, neither the certificate nor the start date can be filed.
        var (_, certificateForm) = await session.GetAsync("/mypage/procedures/certificate");
        Assert.Contains("電子証明書の発行申請は、利用申請が受理された後にできます。", certificateForm);
        Assert.DoesNotContain("Values[terminal]", certificateForm);
        var (_, startForm) = await session.GetAsync("/mypage/procedures/operation-start");
        Assert.Contains("運用開始日の登録は、利用申請が受理された後にできます。", startForm);

        // Bad entries: a clear reason per field, nothing filed.
        var bad = ProcedureScenario.ServiceApplication();
        bad["Values[terminals]"] = "たくさん";
        bad["Values[plannedMonth]"] = "2027-13";
        bad["Values[lineType]"] = "糸電話";
        bad["Values[vendorEmail]"] = "not-an-address";
        var (checking, refused) = await session.CheckProcedureAsync("service-application", bad);
        Assert.False(checking);
        Assert.Contains("資格確認端末の台数は半角数字で入力してください。", refused);
        Assert.Contains("運用開始予定月は「2027-04」の形で、正しい年月を入力してください。", refused);
        Assert.Contains("回線種別は一覧から選んでください。", refused);
        Assert.Contains("システム事業者のメールアドレスは正しいメールアドレスの形で入力してください。", refused);

        var application = await session.FileProcedureAsync("service-application", ProcedureScenario.ServiceApplication(terminals: 2));
        Assert.Equal("A-2026-000001", application);
        (_, road) = await session.GetAsync("/mypage/road");
        Assert.Contains("受付（審査中）", road);
        Assert.Contains(application, road);

        // One open 利用申請 at a time.
        var (_, again) = await session.GetAsync("/mypage/procedures/service-application");
        Assert.Contains("受付番号 " + application, again);
        Assert.DoesNotContain("Values[terminals]", again);

        await timed.AcceptAsync(application);
        (_, road) = await session.GetAsync("/mypage/road");
        Assert.Contains("受理されました（端末2台）", road);
        Assert.Contains("端末1、2の電子証明書を申請してください。", road);

        // A terminal beyond what the 利用申請 planned, then one terminal twice.
        (checking, refused) = await session.CheckProcedureAsync("certificate", ProcedureScenario.Certificate(3));
        Assert.False(checking);
        Assert.Contains("利用申請の端末台数は2台です。", refused);
        var certificate = await session.FileProcedureAsync("certificate", ProcedureScenario.Certificate(1));
        Assert.Equal("C-2026-000001", certificate);
        (checking, refused) = await session.CheckProcedureAsync("certificate", ProcedureScenario.Certificate(1, "受付2"));
        Assert.False(checking);
        Assert.Contains($"端末1の電子証明書は、すでに申請されています（受付番号 {certificate}）。", refused);
        await timed.AcceptAsync(certificate);
        Assert.Null(await timed.FulfilAsync(certificate, FilingState.Issued));
        (_, road) = await session.GetAsync("/mypage/road");
        Assert.Contains("2台中1台発行済", road);
        Assert.Contains("端末2の電子証明書を申請してください。", road);

        // 運用開始日: not before the 利用申請, not more than a month ahead.
        (checking, refused) = await session.CheckProcedureAsync("operation-start", ProcedureScenario.OperationStart("2026-12-01"));
        Assert.False(checking);
        Assert.Contains("利用申請の日（令和8年12月7日（2026年12月7日））以降の日付", refused);
        (checking, refused) = await session.CheckProcedureAsync("operation-start", ProcedureScenario.OperationStart("2027-01-08"));
        Assert.False(checking);
        Assert.Contains("令和9年1月7日（2027年1月7日）までの日付", refused);
        var start = await session.FileProcedureAsync("operation-start", ProcedureScenario.OperationStart("2027-01-07"));
        await timed.AcceptAsync(start);
        (_, road) = await session.GetAsync("/mypage/road");
        Assert.Contains("運用開始日は令和9年1月7日（2027年1月7日）です。", road);
        var filing = await app.FilingAsync(start);
        Assert.Equal(new DateOnly(2027, 1, 7), filing.EffectiveOn);
    }

    [Fact]
    public async Task A_clinic_gets_one_free_card_reader_and_a_hospital_three()
    {
        await using var app = await StartAppAsync();
        var (records, clinic) = await app.ActivatedInstitutionAsync(Email);
        var timed = app.At(new ManualClock(Today));
        var session = timed.Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");

        // The delivery address comes from the master.
        var (_, form) = await session.GetAsync("/mypage/procedures/card-reader");
        Assert.Contains($"value=\"{clinic.PostalCode}\"", form);
        Assert.Contains("1台まで", form);
        var (checking, refused) = await session.CheckProcedureAsync("card-reader", ProcedureScenario.CardReaders(2));
        Assert.False(checking);
        Assert.Contains("あと1台まで申し込めます", refused);
        var order = await session.FileProcedureAsync("card-reader", ProcedureScenario.CardReaders(1));
        await timed.AcceptAsync(order);
        var (_, full) = await session.GetAsync("/mypage/procedures/card-reader");
        Assert.Contains("すでに1台を申し込んでいます", full);
        Assert.DoesNotContain("Values[quantity]", full);

        // A hospital (20 beds or more in the master) may order three, in several orders.
        var hospital = records.First(r => r.ClosedOn is null && r.Code != clinic.Code && r.Code.Kind == Features.Institutions.InstitutionKind.Medical);
        await using (var db = app.Database.CreateContext())
        {
            await db.Institutions.Where(i => i.Code == hospital.Code.Value).ExecuteUpdateAsync(s => s.SetProperty(i => i.Beds, 120));
        }

        await app.ActivateAccountAsync(hospital.Code.Value, "hospital@example.jp");
        var hospitalSession = timed.Session();
        await hospitalSession.LogInAsync("hospital@example.jp", ActivationScenario.NewPassword, "/mypage");
        var first = await hospitalSession.FileProcedureAsync("card-reader", ProcedureScenario.CardReaders(2));
        await timed.AcceptAsync(first);
        (checking, refused) = await hospitalSession.CheckProcedureAsync("card-reader", ProcedureScenario.CardReaders(2));
        Assert.False(checking);
        Assert.Contains("病院が無償で申し込めるカードリーダーは3台までです。すでに2台を申し込んでいるため、あと1台まで申し込めます。", refused);
        await hospitalSession.FileProcedureAsync("card-reader", ProcedureScenario.CardReaders(1));
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(3, await db.Set<Filing>().Where(f => f.InstitutionCode == hospital.Code.Value && f.Type == FilingType.CardReaderOrder).SumAsync(f => f.Quantity));
        }
    }

    [Fact]
    public async Task A_card_reader_is_shipped_by_the_operator_and_its_arrival_confirmed_by_a_clerk_not_a_viewer()
    {
        await using var app = await StartAppAsync();
        var (_, clinic) = await app.ActivatedInstitutionAsync(Email);
        var timed = app.At(new ManualClock(Today));
        var session = timed.Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");
        var order = await session.FileProcedureAsync("card-reader", ProcedureScenario.CardReaders(1));

        // Not before 受理, not by the institution, not without the tracking number.
        Assert.NotNull(await timed.FulfilAsync(order, FilingState.Shipped, "1234-5678-9012"));
        await timed.AcceptAsync(order);
        Assert.Equal("追跡番号を入力してください。", await timed.FulfilAsync(order, FilingState.Shipped, "  "));
        Assert.NotNull(await timed.FulfilAsync(order, FilingState.Delivered));
        Assert.Null(await timed.FulfilAsync(order, FilingState.Shipped, "1234-5678-9012"));
        Assert.NotNull(await timed.FulfilAsync(order, FilingState.Shipped, "9999"));
        var shippedMail = Assert.Single(await app.MailsToAsync(Email), m => m.Subject.Contains("発送済のお知らせ", StringComparison.Ordinal));
        Assert.Contains("追跡番号：1234-5678-9012", shippedMail.TextBody);
        var (_, road) = await session.GetAsync("/mypage/road");
        Assert.Contains("届いたら、到着を確認してください。", road);

        // A 閲覧者 sees the filing but cannot confirm; another institution cannot even see it.
        await timed.AddPersonAsync(clinic.Code.Value, "viewer@example.jp", InstitutionRole.Viewer);
        var viewer = timed.Session();
        await viewer.LogInAsync("viewer@example.jp", PeopleScenario.Password, "/mypage");
        var (_, viewerPage) = await viewer.GetAsync($"/mypage/filings/{order}");
        Assert.DoesNotContain("到着を確認した", viewerPage);
        var (forbidden, _) = await viewer.PostAsync($"/mypage/filings/{order}?handler=Fulfil", viewerPage, new Dictionary<string, string?> { ["to"] = nameof(FilingState.Delivered) });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(FilingState.Shipped, (await app.FilingAsync(order)).State);

        var (_, page) = await session.GetAsync($"/mypage/filings/{order}");
        Assert.Contains("1234-5678-9012", page);
        var (confirmed, _) = await session.PostAsync($"/mypage/filings/{order}?handler=Fulfil", page, new Dictionary<string, string?> { ["to"] = nameof(FilingState.Delivered) });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var delivered = await app.FilingAsync(order);
        Assert.Equal(FilingState.Delivered, delivered.State);
        Assert.Equal(Email, delivered.Events.OrderBy(e => e.Id).Last().Actor);
        (_, road) = await session.GetAsync("/mypage/road");
        Assert.Contains("完了しています（1台）。", road);
    }

    [Fact]
    public async Task Two_requests_for_one_terminal_at_once_file_one()
    {
        await using var app = await StartAppAsync();
        await app.ActivatedInstitutionAsync(Email);
        var timed = app.At(new ManualClock(Today), new Dictionary<string, string> { ["RateLimits:PostsPerAddressPerMinute"] = "100000" });
        var session = timed.Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");
        await timed.AcceptedServiceApplicationAsync(session, terminals: 3);

        var checks = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var (checking, check) = await session.CheckProcedureAsync("certificate", ProcedureScenario.Certificate(2, $"受付{i}"));
            Assert.True(checking, check);
            checks.Add(check);
        }

        var results = await Task.WhenAll(checks.Select(c => session.ConfirmAsync("/mypage/procedures/certificate", c)));
        Assert.Single(results, r => r.Response.StatusCode == HttpStatusCode.Redirect);
        await using var db = app.Database.CreateContext();
        Assert.Equal(1, await db.Set<Filing>().CountAsync(f => f.Type == FilingType.CertificateRequest));
    }

    [Fact]
    public async Task A_succession_carries_the_road_to_the_new_code_but_not_the_certificates()
    {
        await using var app = await StartAppAsync();
        var (records, institution) = await app.ActivatedInstitutionAsync(Email);
        var timed = app.At(new ManualClock(Today));
        var session = timed.Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");
        var application = await timed.AcceptedServiceApplicationAsync(session, terminals: 1);
        var order = await session.FileProcedureAsync("card-reader", ProcedureScenario.CardReaders(1));
        var certificate = await session.FileProcedureAsync("certificate", ProcedureScenario.Certificate(1));
        await timed.AcceptAsync(certificate);
        Assert.Null(await timed.FulfilAsync(certificate, FilingState.Issued));

        var newCode = FilingScenario.NewCodeFor(institution, records);
        var succession = await session.FileSuccessionAsync(newCode.Value);
        await timed.AcceptAsync(succession);

        var carried = await app.FilingAsync(application);
        Assert.Equal(newCode.Value, carried.InstitutionCode);
        Assert.Equal(FilingState.Accepted, carried.State);
        Assert.Contains(carried.Events, e => e.Reason.Contains(succession, StringComparison.Ordinal));
        var openOrder = await app.FilingAsync(order);
        Assert.Equal(newCode.Value, openOrder.InstitutionCode);
        Assert.Equal(Filing.OpenKeyFor(newCode.Value, FilingType.CardReaderOrder), openOrder.OpenKey);
        Assert.Equal(institution.Code.Value, (await app.FilingAsync(certificate)).InstitutionCode);

        // The dashboard's milestone moves with the 利用申請: the new code has it, the old one no longer.
        await using (var db = app.Database.CreateContext())
        {
            var milestones = await db.Institutions.Where(i => i.Code == newCode.Value || i.Code == institution.Code.Value)
                .ToDictionaryAsync(i => i.Code, i => i.ServiceAppliedOn);
            Assert.Equal(new DateOnly(2026, 12, 7), milestones[newCode.Value]);
            Assert.Null(milestones[institution.Code.Value]);
        }

        // The same login now acts for the new code: its road has the 利用申請 and asks for the new code's certificate.
        var (_, road) = await session.GetAsync("/mypage/road");
        Assert.Contains("受理されました（端末1台）", road);
        Assert.Contains("端末1の電子証明書を申請してください。", road);
        var renewed = await session.FileProcedureAsync("certificate", ProcedureScenario.Certificate(1));
        Assert.Equal(newCode.Value, (await app.FilingAsync(renewed)).InstitutionCode);
    }

    [Fact]
    public async Task A_vendor_sees_and_files_only_the_procedures_delegated_to_it()
    {
        await using var app = await StartAppAsync();
        var (_, institution) = await app.ActivatedInstitutionAsync(Email);
        var timed = app.At(new ManualClock(Today));
        await timed.AddVendorAsync(institution.Code.Value, "vendor@systems.example.jp", new DateOnly(2027, 3, 31), [FilingType.CardReaderOrder]);
        var vendor = timed.Session();
        await vendor.LogInAsync("vendor@systems.example.jp", PeopleScenario.Password, "/vendor");

        var (_, road) = await vendor.GetAsync("/mypage/road");
        Assert.Contains("顔認証付きカードリーダー申込", road);
        Assert.DoesNotContain("利用申請をしてください", road);
        Assert.Equal(HttpStatusCode.Forbidden, (await vendor.GetAsync("/mypage/procedures/service-application")).Response.StatusCode);
        var order = await vendor.FileProcedureAsync("card-reader", ProcedureScenario.CardReaders(1));
        Assert.Equal("vendor@systems.example.jp", (await app.FilingAsync(order)).Events.Single().Actor);
    }
}

public sealed class ProceduresTestsOnSqlite : ProceduresTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class ProceduresTestsOnPostgres : ProceduresTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
