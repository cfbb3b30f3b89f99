using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// The operator's side of a pending self-registration in a real browser: the 未確認 queue, the institution's page,
/// the confirmation that needs every identity check (the call-back to the master's phone among them).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PendingRegistrationJourney(Browser browser)
{
    [Fact]
    public async Task An_operator_proves_a_pending_registration_after_calling_the_master_phone_back()
    {
        await using var app = await EndToEndApp.StartAsync();
        var records = await app.ImportGeneratedAsync(20, seed: 163);
        var target = records.First(r => r.ClosedOn is null);
        var code = target.Code.Value;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // As RegistrationService leaves a self-registration of a code in the master (the flow itself: RegistrationJourney).
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = new PortalUser { UserName = "clinic-self@example.jp", Email = "clinic-self@example.jp", EmailConfirmed = true, InstitutionCode = code, InstitutionRole = InstitutionRole.Administrator, AccountOf = code, DisplayName = target.Name, CreatedAt = DateTimeOffset.UtcNow };
            Assert.True((await users.CreateAsync(user, "natsu-no-yoru-no-yume-2026")).Succeeded);
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            db.Set<SelfRegistration>().Add(new SelfRegistration { UserId = user.Id, InstitutionCode = code, InMaster = true, Name = target.Name, Founder = target.Founder, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        var (email, password) = await app.AddOperatorAsync(Roles.Operator);
        var page = await browser.NewPageAsync(app.LocalhostAddress());
        await page.LogInAsync(app, email, password);

        await page.GotoAsync("/operator/registrations/unconfirmed");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "確認待ちの自己登録" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("clinic-self@example.jp");
        await page.CheckPageAsync("131-unconfirmed-queue");

        await page.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
        await Assertions.Expect(page.Locator(".account-state")).ToHaveTextAsync("自己登録の確認待ち");
        await page.CheckPageAsync("132-callcentre-pending-registration");
        await page.GetByRole(AriaRole.Link, new() { Name = "自己登録の確認" }).ClickAsync();
        await page.Field("操作の理由").FillAsync("マスタの電話番号へ折り返し、事務長本人の登録と確認");
        await page.GetByRole(AriaRole.Button, new() { Name = "確認済みにする" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("本人確認の項目をすべて確かめてから確認済みにしてください");
        await page.CheckPageAsync("133-confirm-registration-checks");

        foreach (var check in new[] { "医療機関等コードを正しく答えられた", "医療機関等の名称を正しく答えられた", "開設者の氏名（名称）を正しく答えられた", "マスタの電話番号へ折り返し電話をかけ、本人であることを確かめた" })
        {
            await page.GetByLabel(check).CheckAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "確認済みにする" }).ClickAsync();
        await Assertions.Expect(page.Locator(".account-state")).ToHaveTextAsync("登録済み");
        await page.CheckPageAsync("134-registration-confirmed");
    }
}
