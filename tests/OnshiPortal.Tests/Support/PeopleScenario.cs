using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Vendors;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Housekeeping;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// Named people of an institution and vendors' people, arranged through the user manager (the invitation pages are
/// tested on their own, in PeopleTests and VendorDelegationTests).
/// </summary>
public static class PeopleScenario
{
    /// <summary>The password of everybody made here.</summary>
    public const string Password = ActivationScenario.NewPassword;

    /// <summary>A person of <paramref name="code"/> with <paramref name="role"/>, created at the app's clock, who never logged in; returns the id.</summary>
    public static async Task<string> AddPersonAsync(
        this WebApplicationFactory<Program> app, string code, string email, InstitutionRole role, string displayName = "試験 太郎", PersonState state = PersonState.Active)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var person = new PortalUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = displayName,
            InstitutionCode = code,
            InstitutionRole = role,
            State = state,
            CreatedAt = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow(),
        };
        var result = await users.CreateAsync(person, Password);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Description)));
        return person.Id;
    }

    /// <summary>A vendor's person holding a delegation of <paramref name="procedures"/> for <paramref name="code"/> until <paramref name="endsOn"/>.</summary>
    public static async Task<string> AddVendorAsync(this WebApplicationFactory<Program> app, string code, string email, DateOnly endsOn, params FilingType[] procedures)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var vendor = await users.FindByEmailAsync(email);
        if (vendor is null)
        {
            vendor = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "ベンダー " + email.Split('@')[0], VendorCompany = "株式会社オンライン資格システムズ", CreatedAt = DateTimeOffset.UtcNow };
            var created = await users.CreateAsync(vendor, Password);
            Assert.True(created.Succeeded, string.Join(", ", created.Errors.Select(e => e.Description)));
        }

        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        db.Set<VendorDelegation>().Add(new VendorDelegation
        {
            InstitutionCode = code,
            VendorUserId = vendor.Id,
            Procedures = VendorDelegation.FormatProcedures(procedures),
            EndsOn = endsOn,
            GrantedAt = DateTimeOffset.UtcNow,
            GrantedBy = "admin@example.jp",
        });
        await db.SaveChangesAsync();
        return vendor.Id;
    }

    public static async Task<PortalUser> PersonAsync(this WebApplicationFactory<Program> app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Users.AsNoTracking().FirstAsync(u => u.Email == email);
    }

    /// <summary>Changes one person's row directly (a state or a date the test needs).</summary>
    public static async Task UpdatePersonAsync(this WebApplicationFactory<Program> app, string email, Action<PortalUser> change)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var person = await db.Users.FirstAsync(u => u.Email == email);
        change(person);
        await db.SaveChangesAsync();
    }

    /// <summary>One pass of every housekeeping task at the app's clock.</summary>
    public static Task<IReadOnlyDictionary<string, int>> HousekeepAsync(this WebApplicationFactory<Program> app) =>
        app.Services.GetRequiredService<HousekeepingWorker>().RunOnceAsync(default);

    /// <summary>Files a deferral (category ネットワーク環境事情: no documents) from the logged-in session; returns the receipt number.</summary>
    public static async Task<string> FileDeferralAsync(this HttpSession session)
    {
        var (_, form) = await session.GetAsync("/mypage/deferral?category=network");
        var (_, check) = await session.PostFilesAsync("/mypage/deferral?handler=Check&category=network", form, new Dictionary<string, string?> { ["Category"] = "network", ["Values[lineAvailable]"] = "2023-06-01" });
        Assert.True(check.Contains("入力内容の確認", StringComparison.Ordinal), check);
        return FilingScenario.ReceiptOf((await session.ConfirmAsync("/mypage/deferral", check)).Response);
    }
}
