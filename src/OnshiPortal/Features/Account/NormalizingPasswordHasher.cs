using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace OnshiPortal.Features.Account;

/// <summary>
/// Identity's PBKDF2 hasher over the normalised password (<see cref="PasswordText.Normalize"/>), so that a password
/// set with half-width letters logs in when typed with full-width ones, and runs of spaces do not matter.
/// <para>
/// Hashes made before normalisation keep working: the normalised form is checked first, and when it differs from
/// what was typed and did not match, the password as typed. For ASCII without double spaces the two are the same and
/// one hash is computed, as before. A match on the typed form asks Identity to store the hash again (normalised).
/// </para>
/// <para>
/// Identity's hasher is made with the configured <see cref="PasswordHasherOptions"/> (the round count): made without
/// them it used the library's default whatever was configured, and the test apps' 1,000 rounds never applied, so
/// SHA-512 was a seventh of the test process's CPU.
/// </para>
/// </summary>
public sealed class NormalizingPasswordHasher(IOptions<PasswordHasherOptions> options) : IPasswordHasher<PortalUser>
{
    private readonly PasswordHasher<PortalUser> inner = new(options);

    public string HashPassword(PortalUser user, string password) => inner.HashPassword(user, PasswordText.Normalize(password));

    public PasswordVerificationResult VerifyHashedPassword(PortalUser user, string hashedPassword, string providedPassword)
    {
        var normalized = PasswordText.Normalize(providedPassword);
        var result = inner.VerifyHashedPassword(user, hashedPassword, normalized);
        if (result != PasswordVerificationResult.Failed || normalized == providedPassword)
        {
            return result;
        }

        return inner.VerifyHashedPassword(user, hashedPassword, providedPassword) == PasswordVerificationResult.Failed
            ? PasswordVerificationResult.Failed
            : PasswordVerificationResult.SuccessRehashNeeded;
    }
}
