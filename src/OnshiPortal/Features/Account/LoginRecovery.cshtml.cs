using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Account;

/// <summary>
/// The second step with a recovery code instead of the app (a lost phone). Each code works once; Identity compares
/// against its stored hashes. Wrong codes count toward lockout here, which Identity itself does not do.
/// </summary>
[AllowAnonymous]
public sealed class LoginRecoveryModel(
    SignInManager<PortalUser> signIn,
    SecondFactors factors,
    AuditTrail audit,
    Activation.LoginThrottle throttle,
    PortalDbContext db) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "リカバリーコードを入力してください。")]
    [StringLength(32, ErrorMessage = "リカバリーコードが長すぎます。")]
    public string? RecoveryCode { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/Login", new { ReturnUrl }) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("/Account/Login", new { ReturnUrl });
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (await signIn.UserManager.IsLockedOutAsync(user))
        {
            ModelState.AddModelError(nameof(RecoveryCode), AfterLogin.LockedOutMessage);
            return Page();
        }

        // Recovery codes count toward the same throttle as passwords and app codes.
        var address = LoginModel.ClientAddress(HttpContext);
        var decision = await throttle.CheckAccountAsync(address, user.UserName!, HttpContext.RequestAborted);
        if (!decision.Allowed)
        {
            ModelState.AddModelError(nameof(RecoveryCode), decision.Message!);
            RecoveryCode = null;
            return Page();
        }

        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(Normalize(RecoveryCode));
        if (result.Succeeded)
        {
            await throttle.RecordAccountSuccessAsync(address, user.UserName!, HttpContext.RequestAborted);
            audit.Record("2fa.recovery-code.used", user.Email!, user.InstitutionCode, new { left = await signIn.UserManager.CountRecoveryCodesAsync(user) });
            audit.Record("login.succeeded", user.Email!, user.InstitutionCode, new { second = "recovery-code" });
            await db.SaveChangesAsync();
            return AfterLogin.Redirect(Url, ReturnUrl, await factors.IsBackOfficeAsync(user), user.VendorCompany is not null);
        }

        await throttle.RecordAccountFailureAsync(address, user.UserName!, HttpContext.RequestAborted);
        var lockedOut = await signIn.UserManager.IsLockedOutAsync(user);
        audit.Record("2fa.failed", user.Email!, user.InstitutionCode, new { method = "recovery-code" });
        if (lockedOut)
        {
            audit.Record("login.locked-out", user.Email!, user.InstitutionCode);
        }

        await db.SaveChangesAsync();
        ModelState.AddModelError(nameof(RecoveryCode), lockedOut ? AfterLogin.LockedOutMessage : "リカバリーコードが正しくないか、すでに使用されています。");
        RecoveryCode = null;
        return Page();
    }

    /// <summary>Codes as Identity makes them: XXXXX-XXXXX in capitals; people type lower case, spaces, full width.</summary>
    private static string Normalize(string? code)
    {
        var plain = new StringBuilder();
        foreach (var c in (code ?? string.Empty).Normalize(NormalizationForm.FormKC))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                plain.Append(char.ToUpperInvariant(c));
            }
        }

        return plain.Length == 10 ? plain.ToString(0, 5) + "-" + plain.ToString(5, 5) : plain.ToString();
    }
}
