using Microsoft.Playwright;
using OnshiPortal.Features.Account;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// Mails the outbox gave up on, in a real browser: an admin finds them from the menu with their recipient and error,
/// and requeues one (再送).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DeadMailJourney(Browser browser)
{
    [Fact]
    public async Task An_admin_sees_a_dead_mail_with_its_error_and_requeues_it()
    {
        await using var app = await EndToEndApp.StartAsync();
        var now = DateTimeOffset.UtcNow;
        await using (var db = app.Database.CreateContext())
        {
            db.Set<OutboxMessage>().Add(new OutboxMessage
            {
                To = "typo@clinic.example",
                Subject = "【医療機関等向けポータルサイト】パスワード再設定のご案内",
                Template = "Account/PasswordReset",
                TextBody = "本文",
                CreatedAt = now.AddHours(-6),
                NextAttemptAt = now.AddHours(1),
                Attempts = 10,
                DeadAt = now.AddMinutes(-5),
                LastError = "SmtpCommandException: 550 5.1.1 mailbox unavailable",
            });
            await db.SaveChangesAsync();
        }

        var (email, password) = await app.AddOperatorAsync(Roles.Admin);
        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await page.LogInAsync(app, email, password);
        await page.GetByRole(AriaRole.Link, new() { Name = "送信できなかったメール" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "送信できなかったメール", Level = 1 })).ToBeVisibleAsync();
        var table = page.GetByRole(AriaRole.Table);
        await Assertions.Expect(table).ToContainTextAsync("typo@clinic.example");
        await Assertions.Expect(table).ToContainTextAsync("550 5.1.1 mailbox unavailable");
        await page.CheckPageAsync("131-dead-mail-list");

        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("のメールを再送$") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("再送の待ち行列に戻しました");
        await Assertions.Expect(page.GetByRole(AriaRole.Table)).ToHaveCountAsync(0);
        await page.CheckPageAsync("132-dead-mail-requeued");
    }
}
