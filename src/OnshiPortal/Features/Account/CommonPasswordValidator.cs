using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Account;

/// <summary>
/// The portal's password rules (<see cref="PasswordRules"/>) wherever Identity checks a password: length after
/// normalisation, the common-password list, the account's own context (its e-mail, its institution's code and name).
/// </summary>
public sealed class CommonPasswordValidator(PortalDbContext db) : IPasswordValidator<PortalUser>
{
    public async Task<IdentityResult> ValidateAsync(UserManager<PortalUser> manager, PortalUser user, string? password)
    {
        var name = user.InstitutionCode is { } code
            ? await db.Institutions.AsNoTracking().Where(i => i.Code == code).Select(i => i.Name).FirstOrDefaultAsync()
            : null;
        var problem = PasswordRules.Check(password, new PasswordContext(user.Email, user.InstitutionCode, name));
        return problem is null
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError { Code = problem == PasswordRules.TooShort ? nameof(IdentityErrorDescriber.PasswordTooShort) : "WeakPassword", Description = problem });
    }
}
