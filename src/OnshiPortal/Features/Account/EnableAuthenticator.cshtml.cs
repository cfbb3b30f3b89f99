using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Account;

/// <summary>
/// Enrols an authenticator app: the shared key as a QR code and in groups, then a code from the app proves it holds
/// the key; only then is the factor on, and the recovery codes are shown once.
/// </summary>
[Authorize]
public sealed class EnableAuthenticatorModel(
    UserManager<PortalUser> users,
    SignInManager<PortalUser> signIn,
    SecondFactors factors,
    AuditTrail audit,
    PortalDbContext db) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "確認コードを入力してください。")]
    [StringLength(16, ErrorMessage = "確認コードは6桁の数字です。")]
    public string? Code { get; set; }

    public string GroupedKey { get; private set; } = string.Empty;

    public string QrPath { get; private set; } = string.Empty;

    public int QrSize { get; private set; }

    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    public bool BackOffice { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (await users.GetTwoFactorEnabledAsync(user))
        {
            return RedirectToPage("/Account/TwoFactor");
        }

        await ShowKeyAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (await users.GetTwoFactorEnabledAsync(user))
        {
            return RedirectToPage("/Account/TwoFactor");
        }

        var code = SecondFactors.NormalizeCode(Code);
        if (ModelState.IsValid && (code.Length != 6 || !code.All(char.IsAsciiDigit)))
        {
            ModelState.AddModelError(nameof(Code), "確認コードは6桁の数字で入力してください。");
        }

        if (!ModelState.IsValid)
        {
            await ShowKeyAsync(user);
            return Page();
        }

        if (!await factors.EnableAuthenticatorAsync(user, code))
        {
            audit.Record("2fa.failed", user.Email!, user.InstitutionCode, new { method = "authenticator-enrolment" });
            await db.SaveChangesAsync();
            ModelState.AddModelError(nameof(Code), "確認コードが正しくありません。認証アプリに表示されている最新のコードを入力してください。");
            await ShowKeyAsync(user);
            return Page();
        }

        RecoveryCodes = await factors.NewRecoveryCodesAsync(user);
        audit.Record("2fa.enabled", user.Email!, user.InstitutionCode, new { method = "authenticator" });
        audit.Record("2fa.recovery-codes.generated", user.Email!, user.InstitutionCode, new { count = RecoveryCodes.Count });
        await db.SaveChangesAsync();

        // Enabling changed the security stamp: renew this session's cookie (and with it the set-up claim).
        await signIn.RefreshSignInAsync(user);
        BackOffice = await factors.IsBackOfficeAsync(user);
        return Page();
    }

    private async Task ShowKeyAsync(PortalUser user)
    {
        var stamp = user.SecurityStamp;
        var key = await factors.PendingKeyAsync(user);
        if (user.SecurityStamp != stamp)
        {
            // A new pending key renews the security stamp, which ends the account's sessions (ServerSessionStore):
            // this one, where the person is setting the app up, takes the new stamp.
            await signIn.RefreshSignInAsync(user);
        }

        GroupedKey = SecondFactors.Grouped(key);
        QrPath = SecondFactors.QrSvgPath(SecondFactors.AuthenticatorUri(user.Email!, key), out var size);
        QrSize = size;
        Code = null;
    }
}
