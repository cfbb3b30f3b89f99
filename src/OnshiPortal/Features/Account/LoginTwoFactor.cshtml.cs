using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Observability;

namespace OnshiPortal.Features.Account;

/// <summary>
/// The second step of a password login for an account with an authenticator app. The password step left only
/// Identity's short-lived two-factor cookie; wrong codes count toward the account's lockout like wrong passwords.
/// </summary>
[AllowAnonymous]
public sealed class LoginTwoFactorModel(
    SignInManager<PortalUser> signIn,
    SecondFactors factors,
    AuditTrail audit,
    PortalDbContext db,
    Activation.LoginThrottle throttle,
    PortalMetrics metrics) : PageModel
{
    [BindProperty]
    [Required(ErrorMessage = "確認コードを入力してください。")]
    [StringLength(16, ErrorMessage = "確認コードは6桁の数字です。")]
    public string? Code { get; set; }

    /// <summary>この端末を記憶する: offered to institutions only; an operator proves the second factor at every login.</summary>
    [BindProperty]
    public bool RememberDevice { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool BackOffice { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("/Account/Login", new { ReturnUrl });
        }

        BackOffice = await factors.IsBackOfficeAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToPage("/Account/Login", new { ReturnUrl });
        }

        BackOffice = await factors.IsBackOfficeAsync(user);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // Codes count toward the same throttle as passwords (by address and by account): 10 free, then growing delays.
        var address = LoginModel.ClientAddress(HttpContext);
        var decision = await throttle.CheckAccountAsync(address, user.UserName!, HttpContext.RequestAborted);
        if (!decision.Allowed)
        {
            metrics.Login("two-factor", succeeded: false, lockedOut: true);
            ModelState.AddModelError(nameof(Code), decision.Message!);
            Code = null;
            return Page();
        }

        var result = await signIn.TwoFactorAuthenticatorSignInAsync(SecondFactors.NormalizeCode(Code), isPersistent: false, rememberClient: RememberDevice && !BackOffice);
        if (result.Succeeded)
        {
            await throttle.RecordAccountSuccessAsync(address, user.UserName!, HttpContext.RequestAborted);
            audit.Record("login.succeeded", user.Email!, user.InstitutionCode, new { second = "authenticator" });
            await db.SaveChangesAsync();
            metrics.Login("two-factor", succeeded: true);
            return AfterLogin.Redirect(Url, ReturnUrl, BackOffice, user.VendorCompany is not null);
        }

        await throttle.RecordAccountFailureAsync(address, user.UserName!, HttpContext.RequestAborted);
        audit.Record("2fa.failed", user.Email!, user.InstitutionCode, new { method = "authenticator" });
        if (result.IsLockedOut)
        {
            audit.Record("login.locked-out", user.Email!, user.InstitutionCode);
        }

        await db.SaveChangesAsync();
        metrics.Login("two-factor", succeeded: false, result.IsLockedOut);
        ModelState.AddModelError(nameof(Code), result.IsLockedOut
            ? AfterLogin.LockedOutMessage
            : "確認コードが正しくありません。認証アプリに表示されている最新のコードを入力してください。");
        Code = null;
        return Page();
    }
}
