using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace OnshiPortal.Features.Account;

/// <summary>Adds what the pages need to know about the user without a database round trip.</summary>
public sealed class PortalClaimsPrincipalFactory(
    UserManager<PortalUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options,
    TimeProvider clock)
    : UserClaimsPrincipalFactory<PortalUser, IdentityRole>(userManager, roleManager, options)
{
    public const string MustChangePasswordClaim = "onshi:must_change_password";
    public const string DisplayNameClaim = "onshi:display_name";
    public const string MustSetUpSecondFactorClaim = "onshi:must_set_up_second_factor";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayNameClaim, string.IsNullOrEmpty(user.DisplayName) ? user.Email ?? user.UserName ?? string.Empty : user.DisplayName));
        identity.AddClaim(SessionLifetime.SignedInAt(clock.GetUtcNow()));
        if (user.VendorCompany is not null)
        {
            identity.AddClaim(new Claim(People.InstitutionAccesses.VendorClaim, "true"));
        }

        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(MustChangePasswordClaim, "true"));
        }

        // Read again at every security-stamp refresh: enabling a factor clears the claim, removing the last sets it.
        // The roles are already among the claims (the base class read them): no second look in the database.
        var backOffice = Roles.AreBackOffice(identity.FindAll(Options.ClaimsIdentity.RoleClaimType).Select(c => c.Value));
        if (backOffice && !await new SecondFactors(UserManager).HasAnyAsync(user))
        {
            identity.AddClaim(new Claim(MustSetUpSecondFactorClaim, "true"));
        }

        return identity;
    }
}
