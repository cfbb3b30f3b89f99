using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Account;

/// <summary>
/// Identity's EF store, except for the two-factor recovery codes: Identity keeps them in clear in AspNetUserTokens,
/// and a recovery code is a password. Here only a salted PBKDF2 hash of each code is kept; redeeming compares
/// against the hashes and removes the one that matched.
/// <para>
/// It also remembers the roles it read for the request it serves (a store lives as long as its request's scope): a
/// login reads them for the cookie's claims and again for where to go next, and that second look was a round trip.
/// </para>
/// </summary>
public sealed class PortalUserStore(PortalDbContext context, IdentityErrorDescriber? describer = null)
    : UserStore<PortalUser, IdentityRole, PortalDbContext>(context, describer)
{
    // The names Identity's UserStoreBase uses for the codes' token, so that CountCodesAsync keeps working.
    private const string InternalLoginProvider = "[AspNetUserStore]";
    private const string RecoveryCodeTokenName = "RecoveryCodes";
    private const int Iterations = 10_000; // codes are random (about 50 bits); ten hashes are checked per redemption

    private (string UserId, string[] Roles)? rolesRead;

    public override async Task<IList<string>> GetRolesAsync(PortalUser user, CancellationToken cancellationToken = default)
    {
        if (rolesRead is not { } read || read.UserId != user.Id)
        {
            read = (user.Id, [.. await base.GetRolesAsync(user, cancellationToken)]);
            rolesRead = read;
        }

        return [.. read.Roles]; // a copy: callers may change the list they get
    }

    public override Task AddToRoleAsync(PortalUser user, string normalizedRoleName, CancellationToken cancellationToken = default)
    {
        rolesRead = null;
        RenewSecurityStamp(user);
        return base.AddToRoleAsync(user, normalizedRoleName, cancellationToken);
    }

    public override Task RemoveFromRoleAsync(PortalUser user, string normalizedRoleName, CancellationToken cancellationToken = default)
    {
        rolesRead = null;
        RenewSecurityStamp(user);
        return base.RemoveFromRoleAsync(user, normalizedRoleName, cancellationToken);
    }

    /// <summary>
    /// A role change ends the account's sessions (ServerSessionStore refuses a ticket with an older stamp): a session
    /// must not keep a role taken away. The user manager saves the new stamp with the role change.
    /// </summary>
    private static void RenewSecurityStamp(PortalUser user) =>
        user.SecurityStamp = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));

    public override Task ReplaceCodesAsync(PortalUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken = default) =>
        SetTokenAsync(user, InternalLoginProvider, RecoveryCodeTokenName, string.Join(";", recoveryCodes.Select(Hash)), cancellationToken);

    public override async Task<bool> RedeemCodeAsync(PortalUser user, string code, CancellationToken cancellationToken = default)
    {
        var stored = await GetTokenAsync(user, InternalLoginProvider, RecoveryCodeTokenName, cancellationToken) ?? string.Empty;
        var hashes = stored.Split(';', StringSplitOptions.RemoveEmptyEntries).ToList();
        var match = hashes.FirstOrDefault(h => Matches(h, code));
        if (match is null)
        {
            return false;
        }

        hashes.Remove(match);
        await SetTokenAsync(user, InternalLoginProvider, RecoveryCodeTokenName, string.Join(";", hashes), cancellationToken);
        return true;
    }

    private static string Hash(string code)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return Convert.ToBase64String(salt) + ":" + Convert.ToBase64String(Derive(code, salt));
    }

    private static bool Matches(string stored, string code)
    {
        var parts = stored.Split(':');
        return parts.Length == 2
            && CryptographicOperations.FixedTimeEquals(Derive(code, Convert.FromBase64String(parts[0])), Convert.FromBase64String(parts[1]));
    }

    private static byte[] Derive(string code, byte[] salt) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(code), salt, Iterations, HashAlgorithmName.SHA256, 32);
}
