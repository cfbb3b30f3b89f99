using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// 休止 (issue 17): no login for five months brings one warning, six months (and a week after the warning) make the
/// person dormant; a dormant person is refused at login with the reason until a 管理者 or the call centre lifts it.
/// Operators are never made dormant.
/// </summary>
public abstract class InactivityTests : DataTest
{
    private const string Clerk = "clerk@clinic.example";
    private const string Admin = "admin@clinic.example";
    private const string Active = "active@clinic.example";

    [Fact]
    public async Task Five_months_warn_once_six_make_dormant_and_operators_are_never_touched()
    {
        await using var app = await StartAppAsync();
        var code = (await app.ImportGeneratedAsync(3))[0].Code.Value;
        var start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var clock = new ManualClock(start);
        var timed = app.WithClock(clock);
        await timed.AddPersonAsync(code, Clerk, InstitutionRole.Clerk);
        await timed.AddPersonAsync(code, Admin, InstitutionRole.Administrator);
        await timed.AddPersonAsync(code, Active, InstitutionRole.Viewer);

        // An operator who has not logged in for a year, even with an institution role on its row by mistake.
        var (operatorEmail, _) = await app.AddOperatorAsync();
        await app.UpdatePersonAsync(operatorEmail, u =>
        {
            u.CreatedAt = start;
            u.LastLoginAt = start;
            u.InstitutionCode = code;
            u.InstitutionRole = InstitutionRole.Clerk;
        });

        // One of them logs in at four months: their clock starts again.
        clock.Advance(TimeSpan.FromDays(120));
        var session = timed.Session();
        await session.LogInAsync(Active, ActivationScenario.NewPassword, "/mypage");
        Assert.Equal(clock.GetUtcNow(), (await app.PersonAsync(Active)).LastLoginAt);

        clock.Advance(TimeSpan.FromDays(33)); // five months and a bit after the start
        await timed.HousekeepAsync();
        await timed.HousekeepAsync();
        foreach (var warned in new[] { Clerk, Admin })
        {
            var mail = Assert.Single(await app.MailsToAsync(warned));
            Assert.Contains("休止予告", mail.Subject);
            Assert.Contains("/login", mail.TextBody);
            Assert.Equal(PersonState.Active, (await app.PersonAsync(warned)).State);
        }

        Assert.Empty(await app.MailsToAsync(Active));
        Assert.Empty(await app.MailsToAsync(operatorEmail));

        clock.Advance(TimeSpan.FromDays(31)); // six months and a bit
        await Task.WhenAll(timed.HousekeepAsync(), timed.HousekeepAsync());
        foreach (var dormant in new[] { Clerk, Admin })
        {
            var person = await app.PersonAsync(dormant);
            Assert.Equal(PersonState.Dormant, person.State);
            var mails = await app.MailsToAsync(dormant);
            Assert.Equal(2, mails.Count);
            Assert.Single(mails, m => m.Subject.Contains("アカウントを休止しました", StringComparison.Ordinal));
        }

        Assert.Single(await AuditAsync(app, "person.dormant", Clerk));
        Assert.Equal(PersonState.Active, (await app.PersonAsync(Active)).State);
        Assert.Equal(PersonState.Active, (await app.PersonAsync(operatorEmail)).State);
        Assert.Empty(await app.MailsToAsync(operatorEmail));

        // Refused at login, with the reason.
        var refused = await StoppedAtLoginAsync(timed.Session(), Clerk);
        Assert.Contains("6か月以上ログインがなかったため", refused);

        // Lifted by the shared operation (as the people page does): the clock restarts, the person logs in again.
        await using (var scope = timed.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>();
            var person = await users.FindByEmailAsync(Clerk);
            Assert.Null(await scope.ServiceProvider.GetRequiredService<PeopleStates>().LiftAsync(person!, Admin, "戻ってきた"));
        }

        var lifted = await app.PersonAsync(Clerk);
        Assert.Equal(PersonState.Active, lifted.State);
        Assert.Equal(clock.GetUtcNow(), lifted.LastLoginAt);
        Assert.Null(lifted.InactivityWarnedAt);
        Assert.Single(await AuditAsync(app, "person.reactivated", Clerk));
        await timed.HousekeepAsync();
        Assert.Equal(PersonState.Active, (await app.PersonAsync(Clerk)).State);
        Assert.Equal(2, (await app.MailsToAsync(Clerk)).Count); // no new warning
        await timed.Session().LogInAsync(Clerk, ActivationScenario.NewPassword, "/mypage");
    }

    [Fact]
    public async Task Nobody_is_made_dormant_without_a_warning_a_week_before()
    {
        await using var app = await StartAppAsync();
        var code = (await app.ImportGeneratedAsync(3))[0].Code.Value;
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var timed = app.WithClock(clock);
        await timed.AddPersonAsync(code, Clerk, InstitutionRole.Clerk);

        clock.Advance(TimeSpan.FromDays(250));
        await timed.HousekeepAsync();
        Assert.Equal(PersonState.Active, (await app.PersonAsync(Clerk)).State);
        Assert.Contains("休止予告", Assert.Single(await app.MailsToAsync(Clerk)).Subject);

        clock.Advance(InactivityCheck.WarningLead);
        await timed.HousekeepAsync();
        Assert.Equal(PersonState.Dormant, (await app.PersonAsync(Clerk)).State);
    }

    /// <summary>The password is right, the gate sends the person back to the login page: its text.</summary>
    internal static async Task<string> StoppedAtLoginAsync(HttpSession session, string email)
    {
        var (response, html) = await session.SubmitAsync("/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = ActivationScenario.NewPassword });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, html);
        var (next, _) = await session.GetAsync(response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        var location = next.Headers.Location!.OriginalString;
        Assert.StartsWith("/login?notice=", location);
        var (_, login) = await session.GetAsync(location);
        var (mypage, _) = await session.GetAsync("/mypage");
        Assert.Equal(HttpStatusCode.Redirect, mypage.StatusCode);
        return login;
    }

    internal static async Task<List<AuditEntry>> AuditAsync(PortalAppFactory app, string action, string about)
    {
        await using var db = app.Database.CreateContext();
        return (await db.Set<AuditEntry>().Where(a => a.Action == action).ToListAsync()).Where(a => a.Details.Contains(about, StringComparison.Ordinal)).ToList();
    }
}

public sealed class InactivityTestsOnSqlite : InactivityTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class InactivityTestsOnPostgres : InactivityTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
