using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Activation.Reminders;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Infrastructure.Scheduling;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// 仮パスワードの有効期限のお知らせ (issue 20): a letter's credential that nobody used is announced 14 days before it
/// expires to an address the portal has for its institution — the one typed on an unfinished registration, a 休止
/// person's, the predecessor's people's — once, without the password; institutions with no address (or whose only
/// person muted reminders) are counted for the next 再送 mailing; an institution with an account hears nothing.
/// </summary>
public abstract class LetterExpiryReminderTests : DataTest
{
    [Fact]
    public async Task An_unused_letter_is_announced_14_days_before_it_expires_to_the_addresses_on_file_once_and_the_rest_are_counted()
    {
        await using var site = await StartAppAsync();
        var records = await site.ImportGeneratedAsync(30, seed: 47);
        var codes = records.Where(r => r.ClosedOn is null).Select(r => r.Code.Value).Take(6).ToList();
        var (typed, none, successor, muted, registered, predecessor) = (codes[0], codes[1], codes[2], codes[3], codes[4], codes[5]);
        var credentials = new Dictionary<string, IssuedCredential>();
        foreach (var code in codes.Take(5))
        {
            credentials[code] = await site.ReissueAsync(code);
        }

        // The first's letter holder began the registration and never followed the link; the third succeeded a code
        // whose 管理者 is active; the fourth's only person is 休止 and muted reminders; the fifth registered.
        await using (var db = site.Database.CreateContext())
        {
            db.Add(new ActivationRequest
            {
                InstitutionCode = typed,
                CredentialId = (await db.Set<TemporaryCredential>().SingleAsync(c => c.InstitutionCode == typed)).Id,
                Email = "jimu@typed.example.jp",
                PasswordHash = string.Empty,
                TokenHash = new string('a', 64),
                CreatedAt = DateTimeOffset.UtcNow,
                ExpiresAt = DateTimeOffset.UtcNow.AddDays(1),
            });
            await db.SaveChangesAsync();
            await db.Institutions.Where(i => i.Code == successor).ExecuteUpdateAsync(s => s.SetProperty(i => i.PredecessorCode, predecessor));
        }

        await site.AddPersonAsync(predecessor, "kanri@predecessor.example.jp", InstitutionRole.Administrator);
        await site.AddPersonAsync(muted, "kyushi@muted.example.jp", InstitutionRole.Administrator, state: PersonState.Dormant);
        await site.UpdatePersonAsync("kyushi@muted.example.jp", u => u.MutedMails |= MailTopics.Reminders);
        await site.AddPersonAsync(registered, "kanri@registered.example.jp", InstitutionRole.Administrator);

        // The last letter's expiry: the five were issued a moment apart.
        var expires = credentials.Values.Max(c => c.ExpiresAt);
        var clock = new ManualClock(expires.AddDays(-15));
        var app = site.At(clock);
        Assert.Equal(new LetterExpiryReminders.Outcome(0, 0), await RemindAsync(app));

        clock.Set(expires.AddDays(-14));
        Assert.Equal(new LetterExpiryReminders.Outcome(2, 2), await RemindAsync(app));
        Assert.Equal(new LetterExpiryReminders.Outcome(0, 2), await RemindAsync(app));
        clock.Set(expires.AddDays(-3));
        Assert.Equal(new LetterExpiryReminders.Outcome(0, 2), await RemindAsync(app));

        var mail = Assert.Single(await site.MailsToAsync("jimu@typed.example.jp"));
        Assert.StartsWith("【医療機関等向けポータルサイト】仮パスワードの有効期限が近づいています", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("あと14日", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("/login", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(credentials[typed].Password, mail.TextBody + mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(typed, mail.TextBody, StringComparison.Ordinal);
        Assert.Single(await site.MailsToAsync("kanri@predecessor.example.jp"));
        Assert.Empty(await site.MailsToAsync("kyushi@muted.example.jp"));
        Assert.Empty(await site.MailsToAsync("kanri@registered.example.jp"));

        // A reissue (at the call centre, today) revokes the old letter: the new one is announced in its own time, not now.
        IssuedCredential reissued;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            reissued = await scope.ServiceProvider.GetRequiredService<TemporaryCredentials>().IssueAsync(typed, "test", CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<OnshiPortal.Infrastructure.Data.PortalDbContext>().SaveChangesAsync();
        }

        Assert.Equal(new LetterExpiryReminders.Outcome(0, 2), await RemindAsync(app));
        clock.Set(reissued.ExpiresAt.AddDays(-13));
        Assert.Equal(new LetterExpiryReminders.Outcome(1, 0), await RemindAsync(app));
        Assert.Equal(2, (await site.MailsToAsync("jimu@typed.example.jp")).Count);

        // Past the expiry nothing is due any more: an expired letter is the 再送's business.
        clock.Set(reissued.ExpiresAt.AddDays(1));
        Assert.Equal(new LetterExpiryReminders.Outcome(0, 0), await RemindAsync(app));
    }

    [Fact]
    public async Task Two_nodes_at_once_announce_a_letter_once()
    {
        await using var site = await StartAppAsync();
        var (institution, credential) = await site.IssueAsync(seed: 53);
        await site.AddPersonAsync(institution.Code.Value, "kyushi@dormant.example.jp", InstitutionRole.Administrator, state: PersonState.Dormant);
        var app = site.At(new ManualClock(credential.ExpiresAt.AddDays(-10)));

        var outcomes = await Task.WhenAll(RemindAsync(app), RemindAsync(app));
        Assert.Equal(1, outcomes.Sum(o => o.Mailed));
        Assert.Single(await site.MailsToAsync("kyushi@dormant.example.jp"));
    }

    /// <summary>One node's run of the scheduler's job (letter-expiry-reminders, daily 9:30 by the shipped configuration).</summary>
    private static async Task<LetterExpiryReminders.Outcome> RemindAsync(WebApplicationFactory<Program> app)
    {
        var counts = await app.RunJobAsync<LetterExpiryReminderJob>(LetterExpiryReminderJob.JobName, "30 9 * * *", @"^reminded (\d+) institutions; (\d+) without an address, left for the next resend$");
        return new(counts[0], counts[1]);
    }
}

public sealed class LetterExpiryReminderTestsOnSqlite : LetterExpiryReminderTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class LetterExpiryReminderTestsOnPostgres : LetterExpiryReminderTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
