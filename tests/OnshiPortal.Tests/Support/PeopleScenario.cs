using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Housekeeping;

namespace OnshiPortal.Tests.Support;

/// <summary>Named people of an institution, arranged through the user manager (the invitation pages are tested on their own).</summary>
public static class PeopleScenario
{
    /// <summary>A person of <paramref name="code"/> with <paramref name="role"/>, created at the app's clock, who never logged in; returns the id.</summary>
    public static async Task<string> AddPersonAsync(
        this WebApplicationFactory<Program> app, string code, string email, InstitutionRole role, string displayName = "試験 太郎")
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
            CreatedAt = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow(),
        };
        var result = await users.CreateAsync(person, ActivationScenario.NewPassword);
        Assert.True(result.Succeeded, string.Join(", ", result.Errors.Select(e => e.Description)));
        return person.Id;
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
}
