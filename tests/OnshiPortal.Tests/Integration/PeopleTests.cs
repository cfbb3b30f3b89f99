using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>Named people under an institution: invitations, roles, the last 管理者, suspension and removal with their sessions.</summary>
public abstract class PeopleTests : DataTest
{
    private const string AdminEmail = "admin@a.example.jp";

    [Fact]
    public async Task An_invited_clerk_sets_a_password_from_the_link_once_and_files_in_their_own_name()
    {
        await using var app = await StartAppAsync();
        var clock = new ManualClock(FilingScenario.March2023);
        var (_, a) = await app.ActivatedInstitutionAsync(AdminEmail);
        var timed = app.At(clock);
        var admin = timed.Session();
        await admin.LogInAsync(AdminEmail, ActivationScenario.NewPassword, "/mypage");
        var (_, people) = await admin.GetAsync("/mypage/people");
        Assert.Contains("職員を招待する", people);

        var (invited, _) = await admin.PostAsync("/mypage/people?handler=Invite", people, Invite("ｋａｔｏ＠ａ．ｅｘａｍｐｌｅ．ｊｐ", "加藤 二郎", "Clerk"));
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        var (_, listed) = await admin.GetAsync("/mypage/people");
        Assert.Contains("kato@a.example.jp あてに招待のメールを送信しました", listed);
        Assert.Contains("招待中の方", listed);

        var mail = Assert.Single(await app.MailsToAsync("kato@a.example.jp"));
        Assert.Contains("加藤 二郎 様", mail.TextBody);
        Assert.Contains("権限: 担当者", mail.TextBody);
        var link = Mails.PathIn(mail, "/invitation");
        await using (var db = app.Database.CreateContext())
        {
            var invitation = await db.Set<Invitation>().SingleAsync(i => i.Email == "kato@a.example.jp");
            Assert.DoesNotContain(invitation.TokenHash, link); // only the hash is kept
            Assert.Equal(Invitation.Lifetime, invitation.ExpiresAt - invitation.CreatedAt);
        }

        var invitee = timed.Session();
        var (_, accept) = await invitee.GetAsync(link);
        Assert.Contains("担当者", accept);
        Assert.Contains(a.Code.Value, accept);
        var (weak, weakHtml) = await invitee.PostAsync(link, accept, new Dictionary<string, string?> { ["Password"] = "short", ["ConfirmPassword"] = "short" });
        Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        Assert.Contains("12文字以上", weakHtml);
        var (joined, _) = await invitee.PostAsync(link, accept, new Dictionary<string, string?> { ["Password"] = PeopleScenario.Password, ["ConfirmPassword"] = PeopleScenario.Password });
        Assert.Equal("/login?notice=joined", joined.Headers.Location?.OriginalString);

        // The link is spent: a second use (another tab, a forwarded mail) makes nobody.
        var (_, again) = await timed.Session().GetAsync(link);
        Assert.Contains(Invitations.NotValid, again);

        await invitee.LogInAsync("kato@a.example.jp", PeopleScenario.Password, "/mypage");
        var (_, myPage) = await invitee.GetAsync("/mypage");
        Assert.Contains("あなたの権限", myPage);
        Assert.DoesNotContain("/mypage/people", myPage);
        var receipt = await invitee.FileDeferralAsync();
        var filing = await app.FilingAsync(receipt);
        Assert.Equal("kato@a.example.jp", filing.Events.Single().Actor);
        await using (var db = app.Database.CreateContext())
        {
            Assert.Contains(await db.Set<AuditEntry>().Where(e => e.Action == "filing.submitted").Select(e => e.Actor).ToListAsync(), actor => actor == "kato@a.example.jp");
            Assert.Contains(await db.Set<AuditEntry>().Where(e => e.Action == "people.invited").Select(e => e.Actor).ToListAsync(), actor => actor == AdminEmail);
        }

        // The 管理者 sees the filing too, and may withdraw it: it is the institution's, not the clerk's.
        var (_, adminView) = await admin.GetAsync($"/mypage/filings/{receipt}");
        Assert.Contains("取り下げる", adminView);
    }

    [Fact]
    public async Task An_invitation_link_expires_after_24_hours_and_a_second_invitation_replaces_the_first()
    {
        await using var app = await StartAppAsync();
        var clock = new ManualClock(FilingScenario.March2023);
        await app.ActivatedInstitutionAsync(AdminEmail);
        var timed = app.At(clock);
        var admin = timed.Session();
        await admin.LogInAsync(AdminEmail, ActivationScenario.NewPassword, "/mypage");
        var (_, people) = await admin.GetAsync("/mypage/people");
        await admin.PostAsync("/mypage/people?handler=Invite", people, Invite("sato@a.example.jp", "佐藤 三郎", "Viewer"));
        await admin.PostAsync("/mypage/people?handler=Invite", people, Invite("sato@a.example.jp", "佐藤 三郎", "Clerk"));
        var mails = await app.MailsToAsync("sato@a.example.jp");
        Assert.Equal(2, mails.Count);
        var (_, first) = await timed.Session().GetAsync(Mails.PathIn(mails[0], "/invitation"));
        Assert.Contains(Invitations.NotValid, first);

        clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        var session = timed.Session();
        var second = Mails.PathIn(mails[1], "/invitation");
        var (_, expired) = await session.GetAsync(second);
        Assert.Contains(Invitations.NotValid, expired);
        Assert.DoesNotContain("name=\"Password\"", expired);
    }

    [Fact]
    public async Task An_address_in_use_elsewhere_is_not_taken_but_a_removed_person_can_be_invited_again_without_their_old_second_factor()
    {
        await using var app = await StartAppAsync();
        var (records, a) = await app.ActivatedInstitutionAsync(AdminEmail);
        var b = records.First(r => r.ClosedOn is null && r.Code != a.Code);
        await app.ActivateAccountAsync(b.Code.Value, "admin@b.example.jp");
        var admin = app.Session();
        await admin.LogInAsync(AdminEmail, ActivationScenario.NewPassword, "/mypage");

        // Another institution's 管理者: the invitation goes out (the inviter learns nothing), the address stays theirs.
        var (_, people) = await admin.GetAsync("/mypage/people");
        await admin.PostAsync("/mypage/people?handler=Invite", people, Invite("admin@b.example.jp", "乗っ取り", "Administrator"));
        var link = Mails.PathIn((await app.MailsToAsync("admin@b.example.jp")).Last(), "/invitation");
        var taker = app.Session();
        var (_, accept) = await taker.GetAsync(link);
        var (_, refused) = await taker.PostAsync(link, accept, new Dictionary<string, string?> { ["Password"] = PeopleScenario.Password, ["ConfirmPassword"] = PeopleScenario.Password });
        Assert.Contains(Invitations.AddressInUse, refused);
        await app.Session().LogInAsync("admin@b.example.jp", ActivationScenario.NewPassword, "/mypage");

        // A person removed from B is free to join A; their authenticator does not come along.
        var formerId = await app.AddPersonAsync(b.Code.Value, "former@b.example.jp", InstitutionRole.Clerk);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var former = (await users.FindByIdAsync(formerId))!;
            await users.ResetAuthenticatorKeyAsync(former);
            await users.SetTwoFactorEnabledAsync(former, true);
        }

        var bAdmin = app.Session();
        await bAdmin.LogInAsync("admin@b.example.jp", ActivationScenario.NewPassword, "/mypage");
        var (_, bPeople) = await bAdmin.GetAsync("/mypage/people");
        await bAdmin.PostAsync("/mypage/people?handler=Remove", bPeople, new Dictionary<string, string?> { ["personId"] = formerId });
        (_, people) = await admin.GetAsync("/mypage/people");
        await admin.PostAsync("/mypage/people?handler=Invite", people, Invite("former@b.example.jp", "元 職員", "Viewer"));
        link = Mails.PathIn((await app.MailsToAsync("former@b.example.jp")).Last(), "/invitation");
        var rejoining = app.Session();
        (_, accept) = await rejoining.GetAsync(link);
        var (joined, _) = await rejoining.PostAsync(link, accept, new Dictionary<string, string?> { ["Password"] = PeopleScenario.Password, ["ConfirmPassword"] = PeopleScenario.Password });
        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        await rejoining.LogInAsync("former@b.example.jp", PeopleScenario.Password, "/mypage"); // no second step asked
        await using var db = app.Database.CreateContext();
        var person = await db.Users.SingleAsync(u => u.Id == formerId);
        Assert.Equal((a.Code.Value, InstitutionRole.Viewer, PersonState.Active, false), (person.InstitutionCode!, person.InstitutionRole!.Value, person.State, person.TwoFactorEnabled));
    }

    [Fact]
    public async Task The_last_administrator_can_neither_demote_nor_remove_nor_suspend_themself()
    {
        await using var app = await StartAppAsync();
        var (_, a) = await app.ActivatedInstitutionAsync(AdminEmail);
        var admin = app.Session();
        await admin.LogInAsync(AdminEmail, ActivationScenario.NewPassword, "/mypage");
        string adminId;
        await using (var db = app.Database.CreateContext())
        {
            adminId = await db.Users.Where(u => u.Email == AdminEmail).Select(u => u.Id).SingleAsync();
        }

        var (_, people) = await admin.GetAsync("/mypage/people");
        foreach (var (handler, fields) in new[]
        {
            ("Role", new Dictionary<string, string?> { ["personId"] = adminId, ["role"] = "Clerk" }),
            ("Remove", new Dictionary<string, string?> { ["personId"] = adminId }),
            ("Suspend", new Dictionary<string, string?> { ["personId"] = adminId }),
        })
        {
            var (_, html) = await admin.PostAsync($"/mypage/people?handler={handler}", people, fields);
            Assert.Contains(InstitutionPeople.LastAdministrator, html);
        }

        // With a second 管理者 the first may step down; then the second is the last.
        var secondId = await app.AddPersonAsync(a.Code.Value, "second@a.example.jp", InstitutionRole.Administrator);
        var (down, _) = await admin.PostAsync("/mypage/people?handler=Role", people, new Dictionary<string, string?> { ["personId"] = adminId, ["role"] = "Clerk" });
        Assert.Equal("/mypage", down.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/mypage/people")).Response.StatusCode);
        var second = app.Session();
        await second.LogInAsync("second@a.example.jp", PeopleScenario.Password, "/mypage");
        var (_, secondPeople) = await second.GetAsync("/mypage/people");
        var (_, refused) = await second.PostAsync("/mypage/people?handler=Role", secondPeople, new Dictionary<string, string?> { ["personId"] = secondId, ["role"] = "Viewer" });
        Assert.Contains(InstitutionPeople.LastAdministrator, refused);
        var (_, bogus) = await second.PostAsync("/mypage/people?handler=Role", secondPeople, new Dictionary<string, string?> { ["personId"] = adminId, ["role"] = "99" });
        Assert.Contains(InstitutionPeople.NoRole, bogus);
        await using var check = app.Database.CreateContext();
        Assert.Equal(InstitutionRole.Clerk, (await check.Users.SingleAsync(u => u.Id == adminId)).InstitutionRole);
    }

    [Fact]
    public async Task Removing_or_suspending_a_person_ends_their_open_session_at_once_and_they_cannot_log_in_again()
    {
        await using var app = await StartAppAsync();
        var (_, a) = await app.ActivatedInstitutionAsync(AdminEmail);
        var clerkId = await app.AddPersonAsync(a.Code.Value, "clerk@a.example.jp", InstitutionRole.Clerk);
        var viewerId = await app.AddPersonAsync(a.Code.Value, "viewer@a.example.jp", InstitutionRole.Viewer);
        var clerk = app.Session();
        await clerk.LogInAsync("clerk@a.example.jp", PeopleScenario.Password, "/mypage");
        var viewer = app.Session();
        await viewer.LogInAsync("viewer@a.example.jp", PeopleScenario.Password, "/mypage");
        var admin = app.Session();
        await admin.LogInAsync(AdminEmail, ActivationScenario.NewPassword, "/mypage");

        var (_, people) = await admin.GetAsync("/mypage/people");
        await admin.PostAsync("/mypage/people?handler=Remove", people, new Dictionary<string, string?> { ["personId"] = clerkId });
        await admin.PostAsync("/mypage/people?handler=Suspend", people, new Dictionary<string, string?> { ["personId"] = viewerId });
        foreach (var gone in new[] { clerk, viewer })
        {
            var (response, _) = await gone.GetAsync("/mypage");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/login?ReturnUrl=", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        // The right password still gets no session: the login page says why, and only to whoever knew the password.
        var again = app.Session();
        var (login, _) = await again.SubmitAsync("/login", new Dictionary<string, string> { ["Input.Email"] = "viewer@a.example.jp", ["Input.Password"] = PeopleScenario.Password });
        Assert.Equal("/mypage", login.Headers.Location?.OriginalString);
        var (stopped, _) = await again.GetAsync("/mypage");
        Assert.Equal("/login?notice=Suspended", stopped.Headers.Location?.OriginalString);
        var (_, notice) = await again.GetAsync("/login?notice=Suspended");
        Assert.Contains("利用が停止されています", notice);
        Assert.Equal(HttpStatusCode.Redirect, (await again.GetAsync("/account")).Response.StatusCode);
        var (_, wrong) = await app.Session().SubmitAsync("/login", new Dictionary<string, string> { ["Input.Email"] = "viewer@a.example.jp", ["Input.Password"] = "not-the-password-at-all" });
        Assert.Contains("メールアドレスまたはパスワードが正しくありません", wrong);
        Assert.DoesNotContain("利用が停止", wrong);

        // Lifted, the viewer is back; the removed clerk's row stays for the filings and the audit.
        (_, people) = await admin.GetAsync("/mypage/people");
        Assert.Contains("削除済み", people);
        await admin.PostAsync("/mypage/people?handler=Lift", people, new Dictionary<string, string?> { ["personId"] = viewerId });
        await app.Session().LogInAsync("viewer@a.example.jp", PeopleScenario.Password, "/mypage");
        await using var db = app.Database.CreateContext();
        Assert.Equal(PersonState.Removed, (await db.Users.SingleAsync(u => u.Id == clerkId)).State);
        Assert.Equal(
            ["people.removed", "person.reactivated", "person.suspended"],
            (await db.Set<AuditEntry>().Where(e => e.Action.StartsWith("people") || e.Action.StartsWith("person.")).Where(e => e.Actor == AdminEmail && e.Action != "people.invited").Select(e => e.Action).ToListAsync()).Order().ToArray());
    }

    [Fact]
    public async Task An_administrator_who_removes_the_account_of_record_holds_it_and_the_dashboard_counts_it_from_their_own_day()
    {
        await using var app = await StartAppAsync();
        var (_, a) = await app.ActivatedInstitutionAsync(AdminEmail);
        await app.AddPersonAsync(a.Code.Value, "second@a.example.jp", InstitutionRole.Administrator);

        // The second 管理者 joined on a day of their own, which the dashboard's series tells apart from the first's.
        var joined = new DateTimeOffset(2026, 1, 5, 3, 0, 0, TimeSpan.Zero);
        await app.UpdatePersonAsync("second@a.example.jp", p => p.CreatedAt = joined);
        var second = app.Session();
        await second.LogInAsync("second@a.example.jp", PeopleScenario.Password, "/mypage");
        var (_, people) = await second.GetAsync("/mypage/people");
        await second.PostAsync("/mypage/people?handler=Remove", people, new Dictionary<string, string?> { ["personId"] = (await app.PersonAsync(AdminEmail)).Id });

        Assert.Equal(a.Code.Value, (await app.PersonAsync("second@a.example.jp")).AccountOf);
        Assert.Null((await app.PersonAsync(AdminEmail)).AccountOf);
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(new DateOnly(2026, 1, 5), (await db.Institutions.SingleAsync(i => i.Code == a.Code.Value)).AccountCreatedOn);
        }

        await DashboardRecords.AssertAgreesAsync(app);
    }

    [Fact]
    public async Task Invitations_are_capped_so_that_a_administrator_cannot_mail_strangers_in_bulk()
    {
        await using var app = await StartAppAsync();
        await app.ActivatedInstitutionAsync(AdminEmail);
        var admin = app.Session();
        await admin.LogInAsync(AdminEmail, ActivationScenario.NewPassword, "/mypage");
        var (_, people) = await admin.GetAsync("/mypage/people");
        for (var i = 0; i < InstitutionPeople.MaxOpenInvitations - 1; i++)
        {
            var (sent, _) = await admin.PostAsync("/mypage/people?handler=Invite", people, Invite($"p{i}@a.example.jp", $"職員 {i}", "Viewer"));
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        }

        // The last one left, asked by ten posts sent at once (a script): one passes, the other nine are refused.
        var burst = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            admin.PostAsync("/mypage/people?handler=Invite", people, Invite($"burst{i}@a.example.jp", $"一斉 {i}", "Viewer"))));
        Assert.Equal(1, burst.Count(b => b.Response.StatusCode == HttpStatusCode.Redirect));
        Assert.All(burst.Where(b => b.Response.StatusCode != HttpStatusCode.Redirect), b => Assert.Contains("招待は一度に30件までです", b.Html));
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(InstitutionPeople.MaxOpenInvitations, await db.Set<Invitation>().CountAsync());
        }

        var (_, capped) = await admin.PostAsync("/mypage/people?handler=Invite", people, Invite("one-more@a.example.jp", "もう一人", "Viewer"));
        Assert.Contains("招待は一度に30件までです", capped);
        Assert.Empty(await app.MailsToAsync("one-more@a.example.jp"));
    }

    [Fact]
    public async Task An_accepted_succession_takes_every_person_and_vendor_to_the_new_code_and_tells_them()
    {
        await using var app = await StartAppAsync();
        var clock = new ManualClock(FilingScenario.March2023);
        var (records, a) = await app.ActivatedInstitutionAsync(AdminEmail);
        var newCode = FilingScenario.NewCodeFor(a, records);
        await app.AddPersonAsync(a.Code.Value, "clerk@a.example.jp", InstitutionRole.Clerk);
        await app.AddVendorAsync(a.Code.Value, "vendor@vendor.example.jp", new DateOnly(2023, 6, 30), FilingType.Deferral);
        var timed = app.At(clock);
        var clerk = timed.Session();
        await clerk.LogInAsync("clerk@a.example.jp", PeopleScenario.Password, "/mypage");
        var receipt = await clerk.FileSuccessionAsync(newCode.Value);

        var (operatorEmail, operatorPassword) = await app.AddOperatorAsync();
        var operatorSession = timed.Session();
        await operatorSession.LogInAsync(operatorEmail, operatorPassword, "/operator");
        var (_, confirm) = await operatorSession.GetAsync($"/operator/filings/succession/{receipt}?handler=Accept");
        Assert.Contains("admin@a.example.jp、clerk@a.example.jp が " + a.Code.Value, confirm);
        var (accepted, _) = await operatorSession.PostAsync($"/operator/filings/succession/{receipt}?handler=Accept", confirm, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);

        await using var db = app.Database.CreateContext();
        Assert.All(await db.Users.Where(u => u.InstitutionRole != null).ToListAsync(), p => Assert.Equal(newCode.Value, p.InstitutionCode));
        Assert.Equal(newCode.Value, (await db.Users.SingleAsync(u => u.Email == AdminEmail)).AccountOf);
        Assert.Equal(newCode.Value, (await db.Set<Features.Vendors.VendorDelegation>().SingleAsync()).InstitutionCode);
        foreach (var person in new[] { AdminEmail, "clerk@a.example.jp" })
        {
            Assert.Contains(await app.MailsToAsync(person), m => m.Subject.Contains("受理", StringComparison.Ordinal));
        }

        var (_, myPage) = await clerk.GetAsync("/mypage");
        Assert.Contains(newCode.Value, myPage);
        Assert.Contains(receipt, myPage); // what was filed under the old code stays in view
    }

    private static Dictionary<string, string?> Invite(string email, string name, string role) => new()
    {
        ["Input.DisplayName"] = name,
        ["Input.Email"] = email,
        ["Input.Role"] = role,
    };
}

public sealed class PeopleTestsOnSqlite : PeopleTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class PeopleTestsOnPostgres : PeopleTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
