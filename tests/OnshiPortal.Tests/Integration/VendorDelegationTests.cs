using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Vendors;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// Issue 17, ベンダー (委任): a 管理者 grants chosen procedures to a vendor's person until an end date; the person
/// accepts through the mailed link, acts for the institution on those procedures only, switches between institutions,
/// and loses access at once when revoked and by itself after the end date.
/// </summary>
public abstract class VendorDelegationTests : DataTest
{
    private const string Admin = "jimucho@clinic.example.jp";
    private const string Vendor = "engineer@vendor.example.jp";
    private const string VendorPassword = "sakura-no-hana-ga-saku-2023";

    /// <summary>1 March 2023 in Japan: the deferral is open; six months ahead is 1 September 2023.</summary>
    private static ManualClock Clock() => new(FilingScenario.March2023);

    private static Dictionary<string, string?> SystemEntries() => new()
    {
        ["Category"] = "system",
        ["Values[contractDate]"] = "2023-02-10",
        ["Values[vendor]"] = "株式会社オンライン資格システムズ",
        ["Values[completion]"] = "2023-09-15",
    };

    [Fact]
    public async Task A_grant_is_mailed_and_accepted_with_a_new_password_and_the_vendor_files_only_the_delegated_procedure()
    {
        await using var app = await StartAppAsync();
        var (records, institution) = await app.ActivatedInstitutionAsync(Admin);
        var code = institution.Code.Value;
        var timed = app.At(Clock());
        var admin = timed.Session();
        await admin.LogInAsync(Admin, ActivationScenario.NewPassword, "/mypage");
        var (_, myPage) = await admin.GetAsync("/mypage");
        Assert.Contains("href=\"/mypage/vendors\"", myPage);

        var (granted, _) = await admin.GrantAsync(Vendor, ["Deferral"], "2023-06-30");
        Assert.Equal("/mypage/vendors?done=invited", granted.Headers.Location?.OriginalString);
        var (_, list) = await admin.GetAsync(granted.Headers.Location!.OriginalString);
        Assert.Contains("委任の案内メールを送信しました", list);
        Assert.Contains("招待中", list);
        Assert.Contains("株式会社オンラインシステム", list);

        var mail = Assert.Single(await app.MailsToAsync(Vendor));
        Assert.Contains(institution.Name, mail.Subject);
        Assert.Contains("経過措置届出", mail.TextBody);
        Assert.Contains("令和5年6月30日（2023年6月30日）", mail.TextBody);
        var accept = Mails.PathIn(mail, "/vendor/accept");

        // Opening the link changes nothing and says who delegates what until when.
        var invitee = timed.Session();
        var (_, offer) = await invitee.GetAsync(accept);
        Assert.Contains(institution.Name, offer);
        Assert.Contains(code, offer);
        Assert.Contains("経過措置届出", offer);
        Assert.DoesNotContain("承継届出", offer);
        Assert.Contains("令和5年6月30日", offer);
        Assert.Contains(await DisplayNameAsync(app, Admin), offer);
        Assert.Contains("name=\"Password\"", offer);

        // The password is checked by Identity's validators (length, common passwords) and must be typed twice alike.
        var (_, mismatch) = await invitee.PostAsync(accept, offer, Password(VendorPassword, VendorPassword + "x"));
        Assert.Contains("確認用のパスワードが一致しません。", mismatch);
        var (_, tooShort) = await invitee.PostAsync(accept, offer, Password("short-pass", "short-pass"));
        Assert.Contains("12文字以上", tooShort);
        Assert.Null(await UserAsync(app, Vendor));

        var (_, done) = await invitee.PostAsync(accept, offer, Password(VendorPassword, VendorPassword));
        Assert.Contains("委任を受け入れました。", done);
        var vendor = (await UserAsync(app, Vendor))!;
        Assert.Equal("株式会社オンラインシステム", vendor.VendorCompany);
        Assert.Equal("保守 太郎", vendor.DisplayName);
        Assert.True(vendor.EmailConfirmed);
        Assert.Null(vendor.LastLoginAt);
        Assert.Null(vendor.InstitutionCode);
        Assert.Null(vendor.InstitutionRole);

        // The link is spent: a second use gets the one message, and nothing more is made.
        var (_, again) = await invitee.GetAsync(accept);
        Assert.Contains(VendorAcceptance.InvalidLink, again);
        var (_, againPost) = await invitee.PostAsync(accept, offer, Password(VendorPassword, VendorPassword));
        Assert.Contains(VendorAcceptance.InvalidLink, againPost);
        Assert.Single(await DelegationsAsync(app, vendor.Id));

        // The vendor lands on the list of institutions, acts for the one, and sees and files only the deferral.
        var session = timed.Session();
        await session.LogInAsync(Vendor, VendorPassword, "/vendor");
        var (_, home) = await session.GetAsync("/vendor");
        Assert.Contains(institution.Name, home);
        Assert.Contains(code, home);
        var (_, vendorPage) = await session.GetAsync("/mypage");
        Assert.Contains("からの委任により手続きを行っています", vendorPage);
        Assert.Contains("href=\"/mypage/deferral\"", vendorPage);
        Assert.DoesNotContain("href=\"/mypage/succession\"", vendorPage);
        Assert.DoesNotContain("href=\"/mypage/vendors\"", vendorPage);
        Assert.Equal(HttpStatusCode.Forbidden, (await session.GetAsync("/mypage/succession")).Response.StatusCode);
        var (refusedPost, _) = await session.PostAsync("/mypage/succession?handler=Check", vendorPage, FilingScenario.SuccessionEntries(FilingScenario.NewCodeFor(institution, records).Value));
        Assert.Equal(HttpStatusCode.Forbidden, refusedPost.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await session.GetAsync("/mypage/vendors")).Response.StatusCode);

        var (_, form) = await session.GetAsync("/mypage/deferral?category=system");
        var (_, check) = await session.PostFilesAsync("/mypage/deferral?handler=Check&category=system", form, SystemEntries(), ("注文書.pdf", FilingScenario.Pdf("vendor")));
        Assert.Contains("入力内容の確認", check);
        var deferral = FilingScenario.ReceiptOf((await session.ConfirmAsync("/mypage/deferral", check)).Response);
        var filed = await app.FilingAsync(deferral);
        Assert.Equal(code, filed.InstitutionCode);
        Assert.Equal(vendor.Id, filed.FiledByUserId);

        // The 管理者 sees the vendor's filing; the vendor does not see the 管理者's succession.
        var (_, adminPage) = await admin.GetAsync("/mypage");
        Assert.Contains(deferral, adminPage);
        var succession = await admin.FileSuccessionAsync(FilingScenario.NewCodeFor(institution, records).Value);
        var (_, vendorAfter) = await session.GetAsync("/mypage");
        Assert.Contains(deferral, vendorAfter);
        Assert.DoesNotContain(succession, vendorAfter);
        Assert.Equal(HttpStatusCode.NotFound, (await session.GetAsync($"/mypage/filings/{succession}")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync($"/mypage/filings/{deferral}")).Response.StatusCode);

        var audit = await AuditAsync(app);
        Assert.Contains(audit, a => a.Action == "vendor.invited" && a.Actor == Admin && a.InstitutionCode == code && a.Details.Contains(Vendor, StringComparison.Ordinal));
        Assert.Contains(audit, a => a.Action == "vendor.accepted" && a.Actor == Vendor && a.InstitutionCode == code);
    }

    [Fact]
    public async Task A_vendor_of_other_institutions_sees_none_of_their_filings()
    {
        await using var app = await StartAppAsync();
        var (records, institution) = await app.ActivatedInstitutionAsync(Admin);
        var other = records.First(r => r.ClosedOn is null && r.Code != institution.Code);
        await app.ActivateAccountAsync(other.Code.Value, "other@clinic.example.jp");
        var timed = app.At(Clock());
        var otherAdmin = timed.Session();
        await otherAdmin.LogInAsync("other@clinic.example.jp", ActivationScenario.NewPassword, "/mypage");
        var (_, form) = await otherAdmin.GetAsync("/mypage/deferral?category=system");
        var (_, check) = await otherAdmin.PostFilesAsync("/mypage/deferral?handler=Check&category=system", form, SystemEntries(), ("注文書.pdf", FilingScenario.Pdf("other")));
        var othersFiling = FilingScenario.ReceiptOf((await otherAdmin.ConfirmAsync("/mypage/deferral", check)).Response);

        var session = await DelegatedVendorAsync(app, timed, Admin, ["Deferral", "Succession"], "2023-05-31");
        var (_, page) = await session.GetAsync("/mypage");
        Assert.Contains(institution.Code.Value, page);
        Assert.DoesNotContain(othersFiling, page);
        Assert.Equal(HttpStatusCode.NotFound, (await session.GetAsync($"/mypage/filings/{othersFiling}")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await session.GetAsync($"/mypage/filings/{othersFiling}?handler=Copy")).Response.StatusCode);
    }

    [Fact]
    public async Task Only_a_管理者_grants_never_beyond_six_months_nor_before_today_nor_while_the_account_waits_to_be_proven()
    {
        await using var app = await StartAppAsync();
        var (_, institution) = await app.ActivatedInstitutionAsync(Admin);
        var code = institution.Code.Value;
        var timed = app.At(Clock());
        foreach (var role in new[] { InstitutionRole.Clerk, InstitutionRole.Viewer })
        {
            var email = $"{role.ToString().ToLowerInvariant()}@clinic.example.jp";
            await app.AddPersonAsync(code, email, role, role.Japanese() + " 花子");
            var person = timed.Session();
            await person.LogInAsync(email, PeopleScenario.Password, "/mypage");
            var (_, page) = await person.GetAsync("/mypage");
            Assert.DoesNotContain("href=\"/mypage/vendors\"", page);
            Assert.Equal(HttpStatusCode.Forbidden, (await person.GetAsync("/mypage/vendors")).Response.StatusCode);
            var (post, _) = await person.PostFormAsync("/mypage/vendors", page, GrantFields(Vendor, ["Deferral"], "2023-06-30"));
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        }

        var admin = timed.Session();
        await admin.LogInAsync(Admin, ActivationScenario.NewPassword, "/mypage");
        var (_, tooLate) = await admin.GrantAsync(Vendor, ["Deferral"], "2023-09-02");
        Assert.Contains("委任の期限は今日から6か月以内の日付にしてください。", tooLate);
        var (_, past) = await admin.GrantAsync(Vendor, ["Deferral"], "2023-02-28");
        Assert.Contains("委任の期限には今日以降の日付を入力してください。", past);
        var (_, none) = await admin.GrantAsync(Vendor, [], "2023-06-30");
        Assert.Contains("委任する手続きを1つ以上選んでください。", none);
        var (_, noAddress) = await admin.GrantAsync("not-an-address", ["Deferral"], "2023-06-30");
        Assert.Contains("メールアドレスの形式が正しくありません。", noAddress);
        Assert.Empty(await app.MailsToAsync(Vendor));
        await using (var db = app.Database.CreateContext())
        {
            Assert.Empty(await db.Set<Invitation>().ToListAsync());
        }

        // The last day six months ahead (Japan time) is allowed; so is today.
        var (edge, _) = await admin.GrantAsync(Vendor, ["Deferral"], "2023-09-01");
        Assert.Equal(HttpStatusCode.Redirect, edge.StatusCode);
        var (today, _) = await admin.GrantAsync("second@vendor.example.jp", ["Deferral"], "2023-03-01");
        Assert.Equal(HttpStatusCode.Redirect, today.StatusCode);

        // A self-registered account waiting for its letter's proof cannot delegate.
        var pendingRecords = await app.ImportGeneratedAsync(5, seed: 173);
        var pending = pendingRecords.First(r => r.ClosedOn is null);
        await RegistrationScenario.RegisterAsync(app, pending.Code.Value, pending.Name, pending.Founder, "pending@clinic.example.jp", VendorPassword);
        var squatter = timed.Session();
        await squatter.LogInAsync("pending@clinic.example.jp", VendorPassword, "/mypage");
        var (_, pendingPage) = await squatter.GetAsync("/mypage/vendors");
        Assert.Contains(VendorGrants.Pending, pendingPage);
        var (refused, refusedHtml) = await squatter.PostFormAsync("/mypage/vendors", pendingPage, GrantFields("third@vendor.example.jp", ["Deferral"], "2023-06-30"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(VendorGrants.Pending, refusedHtml);
        Assert.Empty(await app.MailsToAsync("third@vendor.example.jp"));
    }

    [Fact]
    public async Task An_expired_link_and_the_address_of_an_institution_person_or_an_operator_are_refused_and_nothing_changes()
    {
        await using var app = await StartAppAsync();
        var (records, institution) = await app.ActivatedInstitutionAsync(Admin);
        var other = records.First(r => r.ClosedOn is null && r.Code != institution.Code);
        await app.ActivateAccountAsync(other.Code.Value, "other@clinic.example.jp");
        var (operatorEmail, _) = await app.AddOperatorAsync();
        var clock = Clock();
        var timed = app.At(clock);
        var admin = timed.Session();
        await admin.LogInAsync(Admin, ActivationScenario.NewPassword, "/mypage");

        foreach (var taken in new[] { "other@clinic.example.jp", operatorEmail, Admin })
        {
            await admin.GrantAsync(taken, ["Deferral"], "2023-06-30");
            var accept = Mails.PathIn((await app.MailsToAsync(taken)).Last(m => m.Template == "Vendors/VendorInvitation"), "/vendor/accept");
            var invitee = timed.Session();
            var (_, offer) = await invitee.GetAsync(accept);
            Assert.Contains(VendorAcceptance.NotAVendorAddress, offer);
            Assert.DoesNotContain("name=\"Password\"", offer);
            Assert.DoesNotContain("受け入れる</button>", offer);

            // Even a forged post (the form is not offered) changes nothing.
            var (_, posted) = await invitee.PostAsync(accept, offer, Password(VendorPassword, VendorPassword));
            Assert.Contains(VendorAcceptance.NotAVendorAddress, posted);
            var user = (await UserAsync(app, taken))!;
            Assert.Null(user.VendorCompany);
            Assert.Empty(await DelegationsAsync(app, user.Id));
        }

        await using (var db = app.Database.CreateContext())
        {
            Assert.All(await db.Set<Invitation>().ToListAsync(), i => Assert.Null(i.AcceptedAt));
        }

        // A link older than 24 hours gets the same one message as a used one; no account is made.
        await admin.GrantAsync(Vendor, ["Deferral"], "2023-06-30");
        var expired = Mails.PathIn(Assert.Single(await app.MailsToAsync(Vendor)), "/vendor/accept");
        var late = timed.Session();
        var (_, fresh) = await late.GetAsync(expired);
        clock.Advance(Invitation.Lifetime + TimeSpan.FromMinutes(1));
        var (_, stale) = await late.GetAsync(expired);
        Assert.Contains(VendorAcceptance.InvalidLink, stale);
        var (_, stalePost) = await late.PostAsync(expired, fresh, Password(VendorPassword, VendorPassword));
        Assert.Contains(VendorAcceptance.InvalidLink, stalePost);
        Assert.Null(await UserAsync(app, Vendor));

        // A made-up token, the same message.
        var (_, madeUp) = await late.GetAsync("/vendor/accept?token=not-a-token");
        Assert.Contains(VendorAcceptance.InvalidLink, madeUp);
    }

    [Fact]
    public async Task Renewal_stays_within_six_months_revocation_holds_at_once_and_the_end_date_ends_it()
    {
        await using var app = await StartAppAsync();
        var (_, institution) = await app.ActivatedInstitutionAsync(Admin);
        var clock = Clock();
        var timed = app.At(clock);
        var vendor = await DelegatedVendorAsync(app, timed, Admin, ["Deferral"], "2023-03-31");
        Assert.Equal(HttpStatusCode.OK, (await vendor.GetAsync("/mypage")).Response.StatusCode);

        var admin = timed.Session();
        await admin.LogInAsync(Admin, ActivationScenario.NewPassword, "/mypage");
        var (_, list) = await admin.GetAsync("/mypage/vendors");
        Assert.Contains("有効", list);
        var id = HttpSession.HiddenValue(list, "id");
        var (_, tooLong) = await admin.PostAsync("/mypage/vendors?handler=Renew", list, new Dictionary<string, string?> { ["id"] = id, ["renewEndsOn"] = "2023-09-02" });
        Assert.Contains("委任の期限は今日から6か月以内の日付にしてください。", tooLong);
        var (renewed, _) = await admin.PostAsync("/mypage/vendors?handler=Renew", list, new Dictionary<string, string?> { ["id"] = id, ["renewEndsOn"] = "2023-08-31" });
        Assert.Equal("/mypage/vendors?done=renewed", renewed.Headers.Location?.OriginalString);
        var (_, afterRenewal) = await admin.GetAsync("/mypage/vendors");
        Assert.Contains("令和5年8月31日", afterRenewal);

        // Revoked: the vendor's very next request finds nothing (the resolver reads the delegation every time).
        var (revoked, _) = await admin.PostAsync("/mypage/vendors?handler=Revoke", list, new Dictionary<string, string?> { ["id"] = id });
        Assert.Equal("/mypage/vendors?done=revoked", revoked.Headers.Location?.OriginalString);
        var (gone, _) = await vendor.GetAsync("/mypage");
        Assert.Equal("/vendor", gone.Headers.Location?.OriginalString);
        Assert.Equal("/vendor", (await vendor.GetAsync("/mypage/deferral")).Response.Headers.Location?.OriginalString);
        var (_, home) = await vendor.GetAsync("/vendor");
        Assert.Contains("現在有効な委任はありません", home);
        Assert.Contains("取消済", home);
        var (_, revokedList) = await admin.GetAsync("/mypage/vendors");
        Assert.Contains("取消済", revokedList);
        var (renewRevoked, renewRevokedHtml) = await admin.PostAsync("/mypage/vendors?handler=Renew", revokedList, new Dictionary<string, string?> { ["id"] = id, ["renewEndsOn"] = "2023-08-31" });
        Assert.Equal(HttpStatusCode.OK, renewRevoked.StatusCode);
        Assert.Contains("取り消された委任は更新できません。", renewRevokedHtml);

        // A new delegation to the same person, ending today: it holds through today (Japan time) and not a day more.
        await admin.GrantAsync(Vendor, ["Deferral"], "2023-03-01");
        var accept = Mails.PathIn((await app.MailsToAsync(Vendor)).Last(), "/vendor/accept");
        var existing = timed.Session();
        var (_, offer) = await existing.GetAsync(accept);
        Assert.Contains("受け入れる</button>", offer);
        Assert.DoesNotContain("name=\"Password\"", offer);
        var (_, accepted) = await existing.PostAsync(accept, offer, new Dictionary<string, string?> { ["Token"] = HttpSession.HiddenValue(offer, "Token") });
        Assert.Contains("委任を受け入れました。", accepted);
        Assert.Equal(HttpStatusCode.OK, (await vendor.GetAsync("/mypage")).Response.StatusCode);
        clock.Advance(TimeSpan.FromHours(14)); // 1 March 2023 10:00 in Japan + 14 h = 2 March, 00:00
        var nextDay = timed.Session(); // the sessions of yesterday have timed out
        await nextDay.LogInAsync(Vendor, VendorPassword, "/vendor");
        var (expired, _) = await nextDay.GetAsync("/mypage");
        Assert.Equal("/vendor", expired.Headers.Location?.OriginalString);
        admin = timed.Session();
        await admin.LogInAsync(Admin, ActivationScenario.NewPassword, "/mypage");
        var (_, expiredList) = await admin.GetAsync("/mypage/vendors");
        Assert.Contains("期限切れ", expiredList);

        var audit = await AuditAsync(app);
        Assert.Contains(audit, a => a.Action == "vendor.renewed" && a.Actor == Admin && a.InstitutionCode == institution.Code.Value);
        Assert.Contains(audit, a => a.Action == "vendor.revoked" && a.Actor == Admin && a.InstitutionCode == institution.Code.Value);
    }

    [Fact]
    public async Task A_vendor_of_two_institutions_switches_between_them_and_a_tampered_acting_cookie_gives_nothing()
    {
        await using var app = await StartAppAsync();
        var (records, first) = await app.ActivatedInstitutionAsync(Admin);
        var open = records.Where(r => r.ClosedOn is null && r.Code != first.Code).ToList();
        var second = open[0];
        var stranger = open[1];
        await app.ActivateAccountAsync(second.Code.Value, "second@clinic.example.jp");
        await app.ActivateAccountAsync(stranger.Code.Value, "stranger@clinic.example.jp");
        var timed = app.At(Clock());
        var vendor = await DelegatedVendorAsync(app, timed, Admin, ["Deferral"], "2023-06-30");

        // The second institution delegates to the same address: the vendor's account gets it with one button.
        var secondAdmin = timed.Session();
        await secondAdmin.LogInAsync("second@clinic.example.jp", ActivationScenario.NewPassword, "/mypage");
        await secondAdmin.GrantAsync(Vendor, ["Succession", "Deferral"], "2023-07-31");
        var accept = Mails.PathIn((await app.MailsToAsync(Vendor)).Last(), "/vendor/accept");
        var existing = timed.Session();
        var (_, offer) = await existing.GetAsync(accept);
        var (_, accepted) = await existing.PostAsync(accept, offer, new Dictionary<string, string?> { ["Token"] = HttpSession.HiddenValue(offer, "Token") });
        Assert.Contains("委任を受け入れました。", accepted);

        // Two in force and none chosen: マイページ sends the vendor to choose.
        var (_, home) = await vendor.GetAsync("/vendor");
        Assert.Contains(first.Code.Value, home);
        Assert.Contains(second.Code.Value, home);
        Assert.DoesNotContain(stranger.Code.Value, home);
        Assert.Equal("/vendor", (await vendor.GetAsync("/mypage")).Response.Headers.Location?.OriginalString);

        var (chosen, _) = await vendor.PostAsync("/vendor?handler=Act", home, new Dictionary<string, string?> { ["code"] = second.Code.Value });
        Assert.Equal("/mypage", chosen.Headers.Location?.OriginalString);
        var cookie = Assert.Single(chosen.Headers.GetValues("Set-Cookie"), c => c.StartsWith(InstitutionAccesses.ActingCookie + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        var (_, secondPage) = await vendor.GetAsync("/mypage");
        Assert.Contains(second.Code.Value, secondPage);
        Assert.Contains("href=\"/mypage/succession\"", secondPage);

        await vendor.PostAsync("/vendor?handler=Act", home, new Dictionary<string, string?> { ["code"] = first.Code.Value });
        var (_, firstPage) = await vendor.GetAsync("/mypage");
        Assert.Contains(first.Code.Value, firstPage);
        Assert.DoesNotContain("href=\"/mypage/succession\"", firstPage);
        Assert.Equal(HttpStatusCode.Forbidden, (await vendor.GetAsync("/mypage/succession")).Response.StatusCode);

        // Choosing an institution that did not delegate is refused; a cookie naming it by hand gives nothing.
        var (refused, refusedHtml) = await vendor.PostAsync("/vendor?handler=Act", home, new Dictionary<string, string?> { ["code"] = stranger.Code.Value });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("この医療機関等からの委任は有効ではありません。", refusedHtml);
        Assert.False(refused.Headers.TryGetValues("Set-Cookie", out var set) && set.Any(c => c.StartsWith(InstitutionAccesses.ActingCookie, StringComparison.Ordinal)));

        var auth = await timed.Session().LogInAndCaptureAsync(Vendor, VendorPassword);
        using var client = timed.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost"), HandleCookies = false });
        foreach (var url in new[] { "/mypage", $"/mypage/filings/{await StrangerFilingAsync(timed)}", "/mypage/deferral" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("Cookie", $"{SessionCookies.Name}={auth}; {InstitutionAccesses.ActingCookie}={stranger.Code.Value}");
            var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{url}: {response.StatusCode}");
            Assert.DoesNotContain(stranger.Code.Value, body);
        }

        // The first institution delegates again while its delegation holds: the one delegation is updated, not doubled.
        var firstAdmin = timed.Session();
        await firstAdmin.LogInAsync(Admin, ActivationScenario.NewPassword, "/mypage");
        await firstAdmin.GrantAsync(Vendor, ["Succession"], "2023-08-31");
        var again = Mails.PathIn((await app.MailsToAsync(Vendor)).Last(), "/vendor/accept");
        var (_, againOffer) = await existing.GetAsync(again);
        await existing.PostAsync(again, againOffer, new Dictionary<string, string?> { ["Token"] = HttpSession.HiddenValue(againOffer, "Token") });
        var vendorId = (await UserAsync(app, Vendor))!.Id;
        var delegations = (await DelegationsAsync(app, vendorId)).Where(d => d.InstitutionCode == first.Code.Value).ToList();
        var updated = Assert.Single(delegations);
        Assert.Equal("Succession", updated.Procedures);
        Assert.Equal(new DateOnly(2023, 8, 31), updated.EndsOn);

        async Task<string> StrangerFilingAsync(WebApplicationFactory<Program> at)
        {
            var strangerSession = at.Session();
            await strangerSession.LogInAsync("stranger@clinic.example.jp", ActivationScenario.NewPassword, "/mypage");
            var (_, form) = await strangerSession.GetAsync("/mypage/deferral?category=system");
            var (_, check) = await strangerSession.PostFilesAsync("/mypage/deferral?handler=Check&category=system", form, SystemEntries(), ("注文書.pdf", FilingScenario.Pdf("stranger")));
            return FilingScenario.ReceiptOf((await strangerSession.ConfirmAsync("/mypage/deferral", check)).Response);
        }
    }

    [Fact]
    public async Task Guessing_links_at_the_acceptance_page_is_slowed_per_address_as_at_the_other_pages_that_check_a_secret()
    {
        await using var app = await StartAppAsync();
        var limited = app.WithWebHostBuilder(b => b.UseSetting("RateLimits:PostsPerAddressPerMinute", "3"));
        var session = limited.Session();
        var (_, page) = await session.GetAsync("/vendor/accept?token=guess");
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            (last, _) = await session.PostAsync($"/vendor/accept?token=guess-{i}", page, Password(VendorPassword, VendorPassword));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
    }

    /// <summary>The 管理者 of <paramref name="adminEmail"/> grants to <see cref="Vendor"/>, who accepts with a new password and logs in.</summary>
    private static async Task<HttpSession> DelegatedVendorAsync(PortalAppFactory app, WebApplicationFactory<Program> timed, string adminEmail, string[] procedures, string endsOn)
    {
        var admin = timed.Session();
        await admin.LogInAsync(adminEmail, ActivationScenario.NewPassword, "/mypage");
        var (granted, html) = await admin.GrantAsync(Vendor, procedures, endsOn);
        Assert.True(granted.StatusCode == HttpStatusCode.Redirect, html);
        var accept = Mails.PathIn((await app.MailsToAsync(Vendor)).Last(), "/vendor/accept");
        var invitee = timed.Session();
        var (_, offer) = await invitee.GetAsync(accept);
        var (_, done) = await invitee.PostAsync(accept, offer, Password(VendorPassword, VendorPassword));
        Assert.Contains("委任を受け入れました。", done);
        var vendor = timed.Session();
        await vendor.LogInAsync(Vendor, VendorPassword, "/vendor");
        return vendor;
    }

    private static Dictionary<string, string?> Password(string password, string confirm) => new() { ["Password"] = password, ["ConfirmPassword"] = confirm };

    internal static List<KeyValuePair<string, string>> GrantFields(string email, string[] procedures, string endsOn) =>
    [
        new("Input.Email", email),
        new("Input.DisplayName", "保守 太郎"),
        new("Input.Company", "株式会社オンラインシステム"),
        new("Input.EndsOn", endsOn),
        .. procedures.Select(p => new KeyValuePair<string, string>("Input.Procedures", p)),
    ];

    private static async Task<PortalUser?> UserAsync(PortalAppFactory app, string email)
    {
        await using var db = app.Database.CreateContext();
        var normalized = email.ToUpperInvariant();
        return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedEmail == normalized);
    }

    private static async Task<string> DisplayNameAsync(PortalAppFactory app, string email) => (await UserAsync(app, email))!.DisplayName;

    private static async Task<List<VendorDelegation>> DelegationsAsync(PortalAppFactory app, string userId)
    {
        await using var db = app.Database.CreateContext();
        return await db.Set<VendorDelegation>().AsNoTracking().Where(d => d.VendorUserId == userId).ToListAsync();
    }

    private static async Task<List<AuditEntry>> AuditAsync(PortalAppFactory app)
    {
        await using var db = app.Database.CreateContext();
        return await db.Set<AuditEntry>().AsNoTracking().ToListAsync();
    }
}

/// <summary>The grant form, as a 管理者's browser posts it.</summary>
internal static class VendorGrantSteps
{
    public static async Task<(HttpResponseMessage Response, string Html)> GrantAsync(this HttpSession admin, string email, string[] procedures, string endsOn)
    {
        var (_, page) = await admin.GetAsync("/mypage/vendors");
        return await admin.PostFormAsync("/mypage/vendors", page, VendorDelegationTests.GrantFields(email, procedures, endsOn));
    }
}

public sealed class VendorDelegationTestsOnSqlite : VendorDelegationTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class VendorDelegationTestsOnPostgres : VendorDelegationTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
