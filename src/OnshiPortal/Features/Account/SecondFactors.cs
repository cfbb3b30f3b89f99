using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using QRCoder;

namespace OnshiPortal.Features.Account;

/// <summary>
/// The second factor of an account: an authenticator app (TOTP, RFC 6238, Identity's authenticator token provider)
/// with one-use recovery codes, and passkeys (WebAuthn, Identity's passkey store). Institutions may choose one;
/// operators and admins must have one (see <see cref="MustSetUpSecondFactorFilter"/>).
/// </summary>
public sealed class SecondFactors(UserManager<PortalUser> users)
{
    public const int RecoveryCodeCount = 10;

    /// <summary>The issuer an authenticator app shows beside the account.</summary>
    public const string Issuer = "オンライン資格確認ポータル";

    /// <summary>One query for the account's roles (two IsInRoleAsync calls per role were four round trips on every login).</summary>
    public async Task<bool> IsBackOfficeAsync(PortalUser user) => Roles.AreBackOffice(await users.GetRolesAsync(user));

    /// <summary>An authenticator app proven by a code (Identity's two-factor flag), or at least one passkey.</summary>
    public async Task<bool> HasAnyAsync(PortalUser user) =>
        await users.GetTwoFactorEnabledAsync(user) || (await users.GetPasskeysAsync(user)).Count > 0;

    /// <summary>The shared key for a new enrolment: a fresh one until the code has proven the app holds it.</summary>
    public async Task<string> PendingKeyAsync(PortalUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }

        return key!;
    }

    /// <summary>Checks the code against the pending key; on success the authenticator becomes the account's second factor.</summary>
    public async Task<bool> EnableAuthenticatorAsync(PortalUser user, string code)
    {
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, NormalizeCode(code)))
        {
            return false;
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        return true;
    }

    /// <summary>New recovery codes; the old ones stop working. Identity keeps only their hashes.</summary>
    public async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(PortalUser user) =>
        (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();

    /// <summary>Turns the authenticator off and forgets its key, so that enabling again shows a new one.</summary>
    public async Task DisableAuthenticatorAsync(PortalUser user)
    {
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
    }

    /// <summary>Authenticator apps print codes as "123 456"; people type full-width digits with a Japanese IME.</summary>
    public static string NormalizeCode(string? code)
    {
        var builder = new StringBuilder();
        foreach (var c in (code ?? string.Empty).Normalize(NormalizationForm.FormKC))
        {
            if (!char.IsWhiteSpace(c) && c != '-')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>The key in groups of four, as people copy it into an app by hand.</summary>
    public static string Grouped(string key)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            builder.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return builder.ToString().TrimEnd().ToLowerInvariant();
    }

    /// <summary>The otpauth URI authenticator apps read from the QR code (Key URI Format).</summary>
    public static string AuthenticatorUri(string email, string key) => string.Format(
        CultureInfo.InvariantCulture,
        "otpauth://totp/{0}:{1}?secret={2}&issuer={0}&digits=6",
        Uri.EscapeDataString(Issuer),
        Uri.EscapeDataString(email),
        key);

    /// <summary>The QR code as an SVG path (one square per dark module), drawn inline without any script.</summary>
    public static string QrSvgPath(string text, out int size)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        size = matrix.Count;
        var path = new StringBuilder();
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                if (matrix[y][x])
                {
                    path.Append(CultureInfo.InvariantCulture, $"M{x} {y}h1v1h-1z");
                }
            }
        }

        return path.ToString();
    }
}
