using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Tests.Support;
using static OnshiPortal.Tests.Support.RegistrationScenario;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// A stranger who self-registers an institution's public code (squatting) gets a pending account that can file
/// nothing and takes nothing away: the institution's letter keeps working and wins (issue 14, finding 1).
/// </summary>
public abstract class PendingRegistrationTests : DataTest
{
    private const string SquatterPassword = "nusubito-no-kagi-2026";

    [Fact]
    public async Task A_stranger_registering_a_code_gets_a_pending_account_and_the_letter_still_works_and_wins()
    {
        await using var app = await StartAppAsync();
        var (institution, credential) = await app.IssueAsync(seed: 141);
        var code = institution.Code.Value;
        await RegisterAsync(app, code, institution.Name, institution.Founder, "squatter@example.jp", SquatterPassword);

        // Pending: it says so and what happens next, offers no filing, and filing is refused.
        var squatter = new HttpSession(app.CreateBrowserLikeClient());
        await squatter.LogInAsync("squatter@example.jp", SquatterPassword, "/mypage");
        var (_, myPage) = await squatter.GetAsync("/mypage");
        Assert.Contains("アカウントは確認待ちです", myPage);
        Assert.Contains("/mypage/prove", myPage);
        Assert.DoesNotContain("href=\"/mypage/deferral\"", myPage);
        var (_, deferral) = await squatter.GetAsync("/mypage/deferral");
        Assert.Contains(FilingService.PendingRefusal, deferral);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var user = (await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>().FindByEmailAsync("squatter@example.jp"))!;
            var access = await scope.ServiceProvider.GetRequiredService<InstitutionAccesses>().ResolveAsync(user.Id, null);
            var outcome = await scope.ServiceProvider.GetRequiredService<FilingService>().SubmitAsync(
                access!, new FilingDraft(FilingType.Deferral, "{}", []), Guid.NewGuid());
            Assert.Null(outcome.Filing);
            Assert.Equal(FilingService.PendingRefusal, outcome.Refusal);
        }

        // The institution is still unregistered for the back office: its letter can be reissued.
        Assert.Equal(0, (await app.RunCommandAsync("credentials", "issue", "--code", code, "--out", Path.Combine(Directory.CreateTempSubdirectory().FullName, "c.csv"))).ExitCode);
        var letter = await app.ReissueAsync(code);

        // The letter holder activates as usual, and wins.
        var holder = new HttpSession(app.CreateBrowserLikeClient());
        var edit = await holder.TemporaryLogInAsync(letter.LoginId, letter.Password);
        await holder.RequestActivationAsync(edit, "clinic@example.jp");
        var link = (await app.MailsToAsync("clinic@example.jp")).Last(m => m.TextBody.Contains("/activation/complete", StringComparison.Ordinal));
        Assert.Contains("アカウント登録が完了しました", await new HttpSession(app.CreateBrowserLikeClient()).FollowLinkAsync(Mails.PathIn(link, "/activation/complete")));

        await using var db = app.Database.CreateContext();
        Assert.Equal("clinic@example.jp", (await db.Users.SingleAsync(u => u.InstitutionCode == code)).Email);
        Assert.Null(await db.Users.FirstOrDefaultAsync(u => u.Email == "squatter@example.jp"));
        var refused = await db.Set<SelfRegistration>().SingleAsync(r => r.InstitutionCode == code);
        Assert.NotNull(refused.RefusedAt);
        Assert.Equal(PendingRegistrations.LetterUsedReason, refused.RefusalReason);
        Assert.Contains(await db.Set<AuditEntry>().Where(a => a.InstitutionCode == code).Select(a => a.Action).ToListAsync(), a => a == "registration.refused");
        var told = Assert.Single(await app.MailsToAsync("squatter@example.jp"), m => m.Subject.Contains("取り消しました", StringComparison.Ordinal));
        Assert.Contains(PendingRegistrations.LetterUsedReason, told.TextBody);

        // The dashboard counts the letter holder's account, made today, in place of the squatter's.
        await DashboardRecords.AssertAgreesAsync(app);

        // The squatter's session and password are gone with the account.
        var (after, _) = await squatter.GetAsync("/mypage");
        Assert.NotEqual(HttpStatusCode.OK, after.StatusCode);
        Assert.NotNull(credential);
    }

    [Fact]
    public async Task The_institution_proves_its_own_registration_with_its_letter_which_is_spent_by_it()
    {
        await using var app = await StartAppAsync();
        var (institution, credential) = await app.IssueAsync(seed: 142);
        var code = institution.Code.Value;
        await RegisterAsync(app, code, institution.Name, institution.Founder, "self@example.jp", SquatterPassword);
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync("self@example.jp", SquatterPassword, "/mypage");

        // A wrong password proves nothing; another institution's letter neither.
        var (_, waiting) = await session.GetAsync("/register/done");
        Assert.Contains("確認が済むまで、届出・申請はできません。", waiting);
        Assert.DoesNotContain("今できる手続き", waiting);
        var (_, prove) = await session.GetAsync("/mypage/prove");
        Assert.Contains("仮ID・仮パスワードで確認する", prove);
        var (_, wrong) = await session.PostAsync("/mypage/prove", prove, new Dictionary<string, string?> { ["Input.LoginId"] = credential.LoginId, ["Input.Password"] = "wrong-password" });
        Assert.True(wrong.Contains("仮IDまたは仮パスワードが正しくないか", StringComparison.Ordinal), wrong);
        var other = await app.ImportGeneratedAsync(5, seed: 143);
        var otherLetter = await app.ReissueAsync(other.First(r => r.ClosedOn is null && r.Code.Value != code).Code.Value);
        var (_, foreign) = await session.PostAsync("/mypage/prove", prove, new Dictionary<string, string?> { ["Input.LoginId"] = otherLetter.LoginId, ["Input.Password"] = otherLetter.Password });
        Assert.Contains("この医療機関等のものではありません", foreign);

        var (proven, _) = await session.PostAsync("/mypage/prove", prove, new Dictionary<string, string?> { ["Input.LoginId"] = credential.LoginId, ["Input.Password"] = credential.Password });
        Assert.Equal("/mypage?proven=true", proven.Headers.Location?.OriginalString);
        var (_, myPage) = await session.GetAsync("/mypage?proven=true");
        Assert.True(myPage.Contains("アカウントの確認が完了しました", StringComparison.Ordinal), myPage);
        Assert.Contains("href=\"/mypage/deferral\"", myPage);

        // The page that ends the registration now points to マイページ and the procedures open to the account.
        var (_, done) = await session.GetAsync("/register/done");
        Assert.Contains("今できる手続き", done);
        Assert.Contains("href=\"/mypage/succession\"", done);
        Assert.Contains("href=\"/mypage\"", done);
        Assert.DoesNotContain("確認待ち", done);

        await using var db = app.Database.CreateContext();
        var registration = await db.Set<SelfRegistration>().SingleAsync(r => r.InstitutionCode == code);
        Assert.NotNull(registration.ConfirmedAt);
        Assert.Equal(SelfRegistration.Proof.Letter, registration.ProvenBy);
        Assert.NotNull((await db.Set<TemporaryCredential>().SingleAsync(c => c.LoginId == credential.LoginId)).UsedAt);
        var (_, letterLogin) = await new HttpSession(app.CreateBrowserLikeClient()).SubmitAsync("/login", new Dictionary<string, string> { ["Input.Email"] = credential.LoginId, ["Input.Password"] = credential.Password });
        Assert.Contains("使用済み", letterLogin);
        Assert.Contains(await app.MailsToAsync("self@example.jp"), m => m.Subject.Contains("確認が完了しました", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_form_does_not_tell_a_stranger_which_codes_have_accounts_and_asking_at_the_end_costs_the_url()
    {
        await using var app = await StartAppAsync();
        var records = await app.ImportGeneratedAsync(20, seed: 144);
        var taken = records.First(r => r.ClosedOn is null);
        var free = records.First(r => r.ClosedOn is null && r.Code != taken.Code);
        await app.ActivateAccountAsync(taken.Code.Value, "owner@example.jp");

        var session = new HttpSession(app.CreateBrowserLikeClient());
        var form = await OpenFormAsync(app, session, "prober@example.jp");

        // Lookup and check answer the same for a code with an account as for one without.
        var (_, lookedTaken) = await session.PostAsync("/register/form?handler=Lookup", form, new Dictionary<string, string?> { ["Token"] = TokenOf(form), ["Input.Code"] = taken.Code.Value });
        var (_, lookedFree) = await session.PostAsync("/register/form?handler=Lookup", form, new Dictionary<string, string?> { ["Token"] = TokenOf(form), ["Input.Code"] = free.Code.Value });
        Assert.DoesNotContain("アカウントが登録されています", lookedTaken);
        Assert.Equal(Shape(lookedFree, free), Shape(lookedTaken, taken));
        var (_, check) = await session.PostAsync("/register/form?handler=Check", form, Entries(taken.Code.Value, SquatterPassword, taken.Name, taken.Founder, TokenOf(form)));
        Assert.Contains("入力内容の確認", check);

        // Only the end says it, and the URL is spent by saying it.
        var (_, refused) = await session.PostAsync("/register/form?handler=Confirm", check, new Dictionary<string, string?> { ["Token"] = TokenOf(form), ["Draft"] = HttpSession.HiddenValue(check, "Draft") });
        Assert.Contains("すでにアカウントが登録されているか、登録の確認中です", refused);
        Assert.DoesNotContain("owner@example.jp", refused);
        var (_, again) = await session.PostAsync("/register/form?handler=Check", form, Entries(free.Code.Value, SquatterPassword, free.Name, free.Founder, TokenOf(form)));
        Assert.Contains("このURLは無効か、有効期限（24時間）が切れています", again);
    }

    [Fact]
    public async Task An_operator_proves_one_pending_registration_after_the_identity_checks_and_refuses_another()
    {
        await using var app = await StartAppAsync();
        var records = await app.ImportGeneratedAsync(20, seed: 145);
        var (first, second) = (records.Where(r => r.ClosedOn is null).ElementAt(0), records.Where(r => r.ClosedOn is null).ElementAt(1));
        await RegisterAsync(app, first.Code.Value, first.Name, first.Founder, "real@example.jp", SquatterPassword);
        await RegisterAsync(app, second.Code.Value, second.Name, second.Founder, "stranger@example.jp", SquatterPassword);
        var (operatorEmail, operatorPassword) = await app.AddOperatorAsync();
        var desk = new HttpSession(app.CreateBrowserLikeClient());
        await desk.LogInAsync(operatorEmail, operatorPassword, "/operator");

        var (_, queue) = await desk.GetAsync("/operator/registrations/unconfirmed");
        Assert.Contains(first.Code.Value, queue);
        Assert.Contains("stranger@example.jp", queue);

        // Confirming needs every identity check, the call-back to the master's phone among them.
        var confirmPath = $"/operator/institutions/{first.Code.Value}/confirm-registration";
        var (_, confirmPage) = await desk.GetAsync(confirmPath);
        Assert.Contains("折り返して", confirmPage);
        var (_, unchecked_) = await desk.PostAsync(confirmPath, confirmPage, new Dictionary<string, string?> { ["Reason"] = "折り返し電話で確認" });
        Assert.Contains("本人確認の項目をすべて確かめてから確認済みにしてください", unchecked_);
        var form = new List<KeyValuePair<string, string>> { new("Reason", "マスタの電話番号へ折り返し、事務長本人と確認") };
        form.AddRange(new[] { "code", "name", "founder", "callback" }.Select(c => new KeyValuePair<string, string>("Checks", c)));
        var (confirmed, _) = await desk.PostFormAsync(confirmPath, confirmPage, form);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);

        var refusePath = $"/operator/institutions/{second.Code.Value}/refuse-registration";
        var (_, refusePage) = await desk.GetAsync(refusePath);
        var (refused, _) = await desk.PostAsync(refusePath, refusePage, new Dictionary<string, string?> { ["Reason"] = "医療機関から心当たりがないとの電話" });
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);

        await using var db = app.Database.CreateContext();
        var proven = await db.Set<SelfRegistration>().SingleAsync(r => r.InstitutionCode == first.Code.Value);
        Assert.Equal(SelfRegistration.Proof.Operator, proven.ProvenBy);
        Assert.NotNull((await db.Set<SelfRegistration>().SingleAsync(r => r.InstitutionCode == second.Code.Value)).RefusedAt);
        Assert.Null(await db.Users.FirstOrDefaultAsync(u => u.Email == "stranger@example.jp"));
        Assert.Contains(await app.MailsToAsync("stranger@example.jp"), m => m.Subject.Contains("取り消しました", StringComparison.Ordinal));
        Assert.DoesNotContain("心当たりがないとの電話", string.Join("", (await app.MailsToAsync("stranger@example.jp")).Select(m => m.TextBody)));
        var (_, queueAfter) = await desk.GetAsync("/operator/registrations/unconfirmed");
        Assert.DoesNotContain(second.Code.Value, queueAfter);

        // The refused account no longer counts on the dashboard; the proven one does.
        Assert.Null((await db.Institutions.SingleAsync(i => i.Code == second.Code.Value)).AccountCreatedOn);
        Assert.NotNull((await db.Institutions.SingleAsync(i => i.Code == first.Code.Value)).AccountCreatedOn);
        await DashboardRecords.AssertAgreesAsync(app);
    }

    /// <summary>The page with the values of its fields and the code taken out, to compare two answers.</summary>
    private static string Shape(string html, OnshiPortal.Features.Institutions.InstitutionRecord institution) =>
        System.Text.RegularExpressions.Regex.Replace(html.Replace(institution.Code.Value, "•", StringComparison.Ordinal), "value=\"[^\"]*\"|>[^<]*</textarea>", "•");
}

public sealed class PendingRegistrationTestsOnSqlite : PendingRegistrationTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class PendingRegistrationTestsOnPostgres : PendingRegistrationTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
