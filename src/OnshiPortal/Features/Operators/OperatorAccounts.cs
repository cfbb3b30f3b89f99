using Microsoft.AspNetCore.Identity;
using OnshiPortal.Features.Account;

namespace OnshiPortal.Features.Operators;

public sealed record NewOperator(PortalUser User, string OneTimePassword);

/// <summary>Creates 支払基金 staff accounts. The password is returned once and only its hash is kept.</summary>
public sealed class OperatorAccounts(UserManager<PortalUser> users, RoleManager<IdentityRole> roles, TimeProvider clock)
{
    public async Task<NewOperator> AddAsync(string email, string role, string? displayName)
    {
        if (!Roles.All.Contains(role, StringComparer.Ordinal))
        {
            throw new OperatorAccountException($"役割は {string.Join(" / ", Roles.All)} のいずれかです: {role}");
        }

        foreach (var name in Roles.All)
        {
            if (!await roles.RoleExistsAsync(name))
            {
                Check(await roles.CreateAsync(new IdentityRole(name)));
            }
        }

        var user = new PortalUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = displayName ?? string.Empty,
            MustChangePassword = true,
            CreatedAt = clock.GetUtcNow(),
        };
        var password = PasswordGenerator.Generate(16);
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRoleAsync(user, role));
        return new NewOperator(user, password);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new OperatorAccountException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}

public sealed class OperatorAccountException(string message) : Exception(message);
