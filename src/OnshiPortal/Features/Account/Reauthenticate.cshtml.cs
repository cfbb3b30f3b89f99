using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Account;

/// <summary>
/// 本人確認: the password, or a code of the authenticator app, typed again before a change of the account's
/// protection (recovery codes, turning the app off, removing a passkey). A stolen session cookie alone cannot make
/// those changes. Success stamps the session row (<see cref="ServerSessions.MarkReauthenticatedAsync"/>) for five minutes.
/// </summary>
[Authorize]
public sealed class ReauthenticateModel(
    UserManager<PortalUser> users,
    SignInManager<PortalUser> signIn,
    ServerSessions sessions,
    AuditTrail audit,
    PortalDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    public bool AuthenticatorEnabled { get; private set; }

    /// <summary>Where to go back to: a page of this site only.</summary>
    public string Back => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/account";

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        AuthenticatorEnabled = await users.GetTwoFactorEnabledAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostPasswordAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        AuthenticatorEnabled = await users.GetTwoFactorEnabledAsync(user);
        if (string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError(nameof(Password), "パスワードを入力してください。");
            return Page();
        }

        // Counted as a failed login would be: a stolen session cannot guess the password here unchecked.
        var result = await signIn.CheckPasswordSignInAsync(user, Password, lockoutOnFailure: false);
        return await AnsweredAsync(user, result.Succeeded, "password", nameof(Password),
            result.IsLockedOut ? AfterLogin.LockedOutMessage : "パスワードが正しくありません。");
    }

    public async Task<IActionResult> OnPostCodeAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        AuthenticatorEnabled = await users.GetTwoFactorEnabledAsync(user);
        var code = SecondFactors.NormalizeCode(Code);
        if (!AuthenticatorEnabled || code.Length == 0)
        {
            ModelState.AddModelError(nameof(Code), "確認コードを入力してください。");
            return Page();
        }

        var locked = await users.IsLockedOutAsync(user);
        var valid = !locked && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code);
        if (!valid && !locked)
        {
            await users.AccessFailedAsync(user);
        }

        return await AnsweredAsync(user, valid, "authenticator", nameof(Code),
            locked || await users.IsLockedOutAsync(user) ? AfterLogin.LockedOutMessage : "確認コードが正しくありません。認証アプリに表示されている最新のコードを入力してください。");
    }

    private async Task<IActionResult> AnsweredAsync(PortalUser user, bool succeeded, string method, string field, string failure)
    {
        audit.Record(succeeded ? "reauthentication.succeeded" : "reauthentication.failed", user.Email!, user.InstitutionCode, new { method });
        await db.SaveChangesAsync();
        if (!succeeded)
        {
            ModelState.AddModelError(field, failure);
            Password = null;
            Code = null;
            return Page();
        }

        await sessions.MarkReauthenticatedAsync(HttpContext);
        return LocalRedirect(Back);
    }
}
