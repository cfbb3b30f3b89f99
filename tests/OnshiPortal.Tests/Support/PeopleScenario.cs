using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Vendors;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Tests.Support;

/// <summary>People of an institution and vendors' people, made directly (the invitation itself is tested in PeopleTests).</summary>
public static class PeopleScenario
{
    public const string Password = "kusunoki-sakura-2026";

    /// <summary>A person of <paramref name="code"/> with <paramref name="role"/>; logs in with <see cref="Password"/>.</summary>
    public static async Task<string> AddPersonAsync(this PortalAppFactory app, string code, string email, InstitutionRole role, PersonState state = PersonState.Active)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var person = new PortalUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = "職員 " + email.Split('@')[0],
            InstitutionCode = code,
            InstitutionRole = role,
            State = state,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        var created = await users.CreateAsync(person, Password);
        Assert.True(created.Succeeded, string.Join(", ", created.Errors.Select(e => e.Description)));
        return person.Id;
    }

    /// <summary>A vendor's person holding a delegation of <paramref name="procedures"/> for <paramref name="code"/> until <paramref name="endsOn"/>.</summary>
    public static async Task<string> AddVendorAsync(this PortalAppFactory app, string code, string email, DateOnly endsOn, params FilingType[] procedures)
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

    /// <summary>Files a deferral (category 回線工事の遅延: no documents) from the logged-in session; returns the receipt number.</summary>
    public static async Task<string> FileDeferralAsync(this HttpSession session)
    {
        var (_, form) = await session.GetAsync("/mypage/deferral?category=network");
        var (_, check) = await session.PostFilesAsync("/mypage/deferral?handler=Check&category=network", form, new Dictionary<string, string?> { ["Category"] = "network", ["Values[lineAvailable]"] = "2023-06-01" });
        Assert.True(check.Contains("入力内容の確認", StringComparison.Ordinal), check);
        return FilingScenario.ReceiptOf((await session.ConfirmAsync("/mypage/deferral", check)).Response);
    }
}
