using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// The operator back office in English: after the header's button, 業務メニュー, the search (a result, and a code with
/// a wrong check digit), an institution's call-centre page, 自己登録の確認 with its error and its success, 確認待ちの
/// 自己登録, 登録状況 and 送信できなかったメール with its 再送, each checked by axe (e4-…). The Japanese journeys are
/// <see cref="CallCentreJourney"/>, <see cref="OperatorSearchJourney"/>, <see cref="PendingRegistrationJourney"/>,
/// <see cref="DashboardJourney"/> and <see cref="DeadMailJourney"/>.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EnglishBackOfficeJourney(Browser browser)
{
    [Fact]
    public async Task An_admin_works_the_back_office_in_English()
    {
        await using var app = await EndToEndApp.StartAsync();
        var records = await app.ImportGeneratedAsync(300, seed: 2023);
        var target = records.First(r => r.ClosedOn is null);
        var code = target.Code.Value;
        await ArrangeAsync(app, target);
        var (email, password) = await app.AddOperatorAsync(Roles.Admin);
        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await page.LogInAsync(app, email, password);

        await page.GotoAsync("/operator");
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Operations menu", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Undeliverable mail" })).ToBeVisibleAsync();
        await page.AssertNoJapaneseAsync(MasterData(records));
        await page.CheckPageAsync("e4-menu-en");

        await page.GetByRole(AriaRole.Link, new() { Name = "Find an institution" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Find an institution", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Prefecture")).ToContainTextAsync("13 Tokyo");
        await page.AssertNoJapaneseAsync(MasterData(records));
        await page.CheckPageAsync("e4-search-en");

        // Not digits: the error in English beside the field and in the summary.
        await page.GetByLabel("Institution code").FillAsync("abc");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Criteria_Code-error")).ToHaveTextAsync("Enter the institution code in digits (full-width digits are accepted).");
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("Enter the institution code in digits");
        await page.CheckPageAsync("e4-search-error-en");

        await page.GetByLabel("Institution code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("1 items (page 1 of 1)");
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Institutions found" })).ToContainTextAsync(target.Name);
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = "Institutions found" })).ToContainTextAsync("active");
        await page.AssertNoJapaneseAsync(MasterData(records));
        await page.CheckPageAsync("e4-search-result-en");

        // The code as a caller misheard it: its check digit does not match.
        var misheard = code[..9] + (char)('0' + ((code[9] - '0' + 1) % 10));
        await page.GetByLabel("Institution code").FillAsync(misheard);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"The check digit (the 10th digit) of institution code \"{misheard}\" does not match.");
        await page.AssertNoJapaneseAsync(MasterData(records));
        await page.CheckPageAsync("e4-search-misheard-en");

        await page.GotoAsync("/operator/institutions/" + code);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = target.Name, Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".account-state")).ToHaveTextAsync("Self-registration waiting for a check");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Call centre actions" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Institution master" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Administrators only");
        await page.AssertNoJapaneseAsync(MasterData(records));
        await page.CheckPageAsync("e4-institution-en");

        await page.GetByRole(AriaRole.Link, new() { Name = "Confirm the self-registration" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Confirm the self-registration", Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm the registration" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("There is a problem");
        await Assertions.Expect(page.Locator("#Checks-error")).ToHaveTextAsync("Check every identity item before confirming the registration.");
        await Assertions.Expect(page.Locator("#Reason-error")).ToHaveTextAsync("Enter the reason for the action (e.g. a call saying the letter was lost).");
        await page.AssertNoJapaneseAsync(MasterData(records));
        await page.CheckPageAsync("e4-confirm-registration-errors-en");

        foreach (var check in new[] { "The caller gave the right institution code", "The caller gave the right institution name", "The caller gave the right founder's name", "I called back the phone number in the master and confirmed it is the institution" })
        {
            await page.GetByLabel(check).CheckAsync();
        }

        await page.GetByLabel(new Regex(@"^Reason for the action(\s*Required)?$")).FillAsync("Called the master's number back; the office manager confirmed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm the registration" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Done: Confirm the self-registration. It is recorded in the audit trail.");
        await Assertions.Expect(page.Locator(".account-state")).ToHaveTextAsync("Registered");
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { NameRegex = new Regex("^Audit trail") })).ToContainTextAsync("Call centre: self-registration confirmed");
        await page.AssertNoJapaneseAsync(MasterData(records));
        await page.CheckPageAsync("e4-registration-confirmed-en");

        await page.GotoAsync("/operator");
        await page.GetByRole(AriaRole.Link, new() { Name = "Self-registrations waiting for a check" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Self-registrations waiting for a check", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("0 registration(s) (0 with the code in the master)");
        await page.AssertNoJapaneseAsync(MasterData(records));
        await page.CheckPageAsync("e4-unconfirmed-en");

        await page.GotoAsync("/operator");
        await page.GetByRole(AriaRole.Link, new() { Name = "Registration status" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Registration status", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Bar chart of the registration rate by prefecture" })).ToBeVisibleAsync();
        var byPrefecture = page.GetByRole(AriaRole.Table, new() { Name = "Registration rate by prefecture" });
        await Assertions.Expect(byPrefecture.Locator("tbody tr")).ToHaveCountAsync(47);
        await Assertions.Expect(byPrefecture.Locator("tfoot tr")).ToContainTextAsync("Nationwide");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "All temporary IDs (mailings and single reissues)" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "CSV (Shift_JIS): By prefecture" })).ToBeVisibleAsync();
        await page.AssertNoJapaneseAsync(MasterData(records));
        await page.CheckPageAsync("e4-dashboard-en");

        await page.GotoAsync("/operator");
        await page.GetByRole(AriaRole.Link, new() { Name = "Undeliverable mail" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Undeliverable mail", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("1 mail(s)");
        await Assertions.Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("550 5.1.1 mailbox unavailable");
        await page.AssertNoJapaneseAsync(MasterData(records));
        await page.CheckPageAsync("e4-dead-mail-en");

        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Resend mail no\\. \\d+$") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("is back in the queue to be sent");
        await Assertions.Expect(page.GetByRole(AriaRole.Table)).ToHaveCountAsync(0);
        await page.AssertNoJapaneseAsync(MasterData(records));
        await page.CheckPageAsync("e4-dead-mail-requeued-en");
    }

    /// <summary>A self-registration of the target's code waiting for a check (as in PendingRegistrationJourney), and a dead mail.</summary>
    private static async Task ArrangeAsync(PortalAppFactory app, InstitutionRecord target)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = "clinic-en@example.jp", Email = "clinic-en@example.jp", EmailConfirmed = true, InstitutionCode = target.Code.Value, InstitutionRole = InstitutionRole.Administrator, AccountOf = target.Code.Value, DisplayName = target.Name, CreatedAt = DateTimeOffset.UtcNow };
        Assert.True((await users.CreateAsync(user, "natsu-no-yoru-no-yume-2026")).Succeeded);
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        db.Set<SelfRegistration>().Add(new SelfRegistration { UserId = user.Id, InstitutionCode = target.Code.Value, InMaster = true, Name = target.Name, Founder = target.Founder, CreatedAt = DateTimeOffset.UtcNow });
        var now = DateTimeOffset.UtcNow;
        db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            To = "typo@clinic.example",
            Subject = "Password reset",
            Template = "Account/PasswordReset",
            TextBody = "body",
            CreatedAt = now.AddHours(-6),
            NextAttemptAt = now.AddHours(1),
            Attempts = 10,
            DeadAt = now.AddMinutes(-5),
            LastError = "SmtpCommandException: 550 5.1.1 mailbox unavailable",
        });
        await db.SaveChangesAsync();
    }

    /// <summary>The master's data on the pages (names, readings, founders, managers, addresses), not UI.</summary>
    private static IEnumerable<string> MasterData(IEnumerable<InstitutionRecord> records) =>
        records.SelectMany(r => new[] { r.Name, r.NameKana, r.Founder, r.Manager, r.Address });
}
