using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Observability;

namespace OnshiPortal.Features.Account;

[AllowAnonymous]
public sealed class LoginModel(
    SignInManager<PortalUser> signIn,
    CredentialLogin credentialLogin,
    LoginThrottle throttle,
    AuditTrail audit,
    PortalDbContext db,
    PortalMetrics metrics,
    TimeProvider clock,
    ILogger<LoginModel> logger) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Why the person was sent back here, e.g. a temporary session that ended.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Notice { get; set; }

    /// <summary>The temporary login ID, filled in when the letter's QR code opens this page (never the password).</summary>
    [BindProperty(SupportsGet = true, Name = "id")]
    public string? LoginId { get; set; }

    public void OnGet()
    {
        if (!string.IsNullOrEmpty(LoginId) && TemporaryLogin.LooksLikeLoginId(LoginId))
        {
            Input.Email = TemporaryLogin.Normalize(LoginId);
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (TemporaryLogin.LooksLikeLoginId(Input.Email))
        {
            return await TemporaryLogInAsync(TemporaryLogin.Normalize(Input.Email));
        }

        // People copy addresses from a letter or type them with a Japanese IME: fold full-width forms first.
        var email = EmailAddresses.Fold(Input.Email);
        var address = ClientAddress(HttpContext);

        // Slowed, not locked: by client address and by the address typed, whether it has an account or not, before
        // any lookup or hash, so that a refused attempt costs and says the same for both (docs/security.md).
        var decision = await throttle.CheckAccountAsync(address, email, HttpContext.RequestAborted);
        if (!decision.Allowed)
        {
            audit.Record("login.throttled", Truncate(email), null);
            await db.SaveChangesAsync();
            metrics.Login("password", succeeded: false, lockedOut: true);
            ModelState.AddModelError(string.Empty, decision.Message!);
            return Page();
        }

        var user = await signIn.UserManager.FindByNameAsync(email);
        if (user is null)
        {
            // As long as a real check: the time of the answer must not tell whether the address has an account.
            var hasher = signIn.UserManager.PasswordHasher;
            unknownAccountHash ??= hasher.HashPassword(new PortalUser(), PasswordGenerator.Generate(24));
            hasher.VerifyHashedPassword(new PortalUser(), unknownAccountHash, Input.Password);
            await throttle.RecordAccountFailureAsync(address, email, HttpContext.RequestAborted);
            audit.Record("login.failed", Truncate(email), null, new { reason = "unknown" });
            await db.SaveChangesAsync();
            metrics.Login("password", succeeded: false);
            ModelState.AddModelError(string.Empty, "メールアドレスまたはパスワードが正しくありません。");
            return Page();
        }

        // An account whose second factor is only a passkey logs in with the passkey: its password alone is not enough.
        var passkeyOnly = !await signIn.UserManager.GetTwoFactorEnabledAsync(user) && (await signIn.UserManager.GetPasskeysAsync(user)).Count > 0;
        // No lockout (lockoutOnFailure: false): a stranger could lock any account, operators' included; the throttle
        // above slows the guesser instead.
        var result = passkeyOnly
            ? await signIn.CheckPasswordSignInAsync(user, Input.Password, lockoutOnFailure: false)
            : await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: false);
        if (!result.Succeeded && !result.RequiresTwoFactor)
        {
            await throttle.RecordAccountFailureAsync(address, email, HttpContext.RequestAborted);
        }
        else if (result.Succeeded && !passkeyOnly)
        {
            await throttle.RecordAccountSuccessAsync(address, email, HttpContext.RequestAborted);
        }

        if (result.Succeeded && passkeyOnly)
        {
            audit.Record("login.failed", user.Email ?? email, user.InstitutionCode, new { reason = "passkey-required" });
            await db.SaveChangesAsync();
            metrics.Login("password", succeeded: false);
            ModelState.AddModelError(string.Empty, "このアカウントはパスキーで保護されています。「パスキーでログイン」からログインしてください。");
            return Page();
        }

        if (result.RequiresTwoFactor)
        {
            // The password was right; the session starts only after the second factor (/login/two-factor).
            audit.Record("login.password-accepted", user.Email ?? email, user.InstitutionCode, new { next = "two-factor" });
            await db.SaveChangesAsync();
            return RedirectToPage("/Account/LoginTwoFactor", new { ReturnUrl });
        }

        audit.Record(result.Succeeded ? "login.succeeded" : result.IsLockedOut ? "login.locked-out" : "login.failed", user.Email ?? email, user.InstitutionCode);
        await db.SaveChangesAsync();
        metrics.Login("password", result.Succeeded, result.IsLockedOut);
        if (result.Succeeded)
        {
            logger.LogInformation("Login succeeded for a portal account");
            var backOffice = await new SecondFactors(signIn.UserManager).IsBackOfficeAsync(user);
            return AfterLogin.Redirect(Url, ReturnUrl, backOffice, user.VendorCompany is not null);
        }

        // The same words whether the address exists or not: no answer tells a stranger who has an account.
        ModelState.AddModelError(string.Empty, result.IsLockedOut
            ? AfterLogin.LockedOutMessage
            : "メールアドレスまたはパスワードが正しくありません。");
        logger.LogInformation("Login failed (locked out: {LockedOut})", result.IsLockedOut);
        return Page();
    }

    /// <summary>Request options for a passkey login (JSON). No user is named: the browser offers the passkeys it holds.</summary>
    public async Task<IActionResult> OnPostPasskeyOptionsAsync() =>
        Content(await signIn.MakePasskeyRequestOptionsAsync(null), "application/json");

    /// <summary>パスキーでログイン: the JSON of navigator.credentials.get(), filled in by wwwroot/js/passkeys.js.</summary>
    public async Task<IActionResult> OnPostPasskeyAsync(string? passkeyCredential)
    {
        ModelState.Clear();
        PasskeyAssertionResult<PortalUser>? assertion = null;
        if (!string.IsNullOrEmpty(passkeyCredential))
        {
            try
            {
                assertion = await signIn.PerformPasskeyAssertionAsync(passkeyCredential);
            }
            catch (Exception e) when (e is InvalidOperationException or System.Text.Json.JsonException)
            {
                // No ceremony under way (options never asked for, or the cookie expired), or not JSON at all.
            }
        }

        if (assertion is not { Succeeded: true })
        {
            audit.Record("login.failed", "passkey", null, new { reason = "passkey" });
            await db.SaveChangesAsync();
            metrics.Login("passkey", succeeded: false);
            ModelState.AddModelError(string.Empty, "パスキーでログインできませんでした。登録済みのパスキーを選んで、もう一度お試しください。");
            return Page();
        }

        var user = assertion.User;
        if (await signIn.UserManager.IsLockedOutAsync(user))
        {
            audit.Record("login.locked-out", user.Email!, user.InstitutionCode, new { method = "passkey" });
            await db.SaveChangesAsync();
            metrics.Login("passkey", succeeded: false, lockedOut: true);
            ModelState.AddModelError(string.Empty, AfterLogin.LockedOutMessage);
            return Page();
        }

        // The new signature counter and flags are kept, as Identity's PasskeySignInAsync does.
        await signIn.UserManager.AddOrUpdatePasskeyAsync(user, assertion.Passkey);
        await signIn.UserManager.ResetAccessFailedCountAsync(user);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new System.Security.Claims.Claim("amr", "pop")]);
        audit.Record("login.succeeded", user.Email!, user.InstitutionCode, new { method = "passkey" });
        await db.SaveChangesAsync();
        metrics.Login("passkey", succeeded: true);
        var backOffice = await new SecondFactors(signIn.UserManager).IsBackOfficeAsync(user);
        return AfterLogin.Redirect(Url, ReturnUrl, backOffice, user.VendorCompany is not null);
    }

    /// <summary>
    /// 仮ID・仮パスワード from the direct-mail letter. Login IDs are guessable, so no lockout (a stranger could lock
    /// out every unregistered institution): the throttle slows guessing per address and per credential instead.
    /// </summary>
    private async Task<IActionResult> TemporaryLogInAsync(string loginId)
    {
        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var attempt = await credentialLogin.AttemptAsync(address, loginId, Input.Password, HttpContext.RequestAborted);
        if (attempt.Check is null)
        {
            metrics.Login("temporary", succeeded: false, lockedOut: true);
            ModelState.AddModelError(string.Empty, attempt.Throttle.Message!);
            return Page();
        }

        var check = attempt.Check;
        if (check.Outcome != CredentialOutcome.Valid || check.Credential is null)
        {
            logger.LogInformation("Temporary login refused: {Outcome}", check.Outcome);
            metrics.Login("temporary", succeeded: false);
            ModelState.AddModelError(string.Empty, check.Outcome switch
            {
                // VerifyAsync says these only to the holder of the right password; a guess learns only "wrong".
                CredentialOutcome.Expired => "この仮IDは有効期限が切れています。オンライン資格確認等コールセンター（0800-0804583）へご連絡ください。",
                CredentialOutcome.Superseded => "この仮IDは再発行により使えなくなりました。新しいダイレクトメールに記載の仮IDでログインしてください。",
                CredentialOutcome.Used => "この仮IDはアカウント登録に使用済みです。登録したメールアドレスでログインしてください。",
                _ => "メールアドレスまたはパスワードが正しくありません。",
            });
            return Page();
        }

        // The audit entry and the first step of the institution's letters together: one transaction.
        var institutionCode = check.Credential.InstitutionCode;
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            audit.Record(LetterProgress.TemporaryLoginAction, loginId, institutionCode);
            await LetterProgress.LoggedInAsync(db, institutionCode, clock.GetUtcNow());
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        });
        metrics.Login("temporary", succeeded: true);
        await HttpContext.SignInAsync(TemporaryLogin.Scheme, TemporaryLogin.Principal(check.Credential.Id, check.Credential.LoginId, check.Credential.InstitutionCode));
        return LocalRedirect("/activation/start");
    }

    /// <summary>
    /// A hash of a random password, verified for unknown addresses so that they cost what known ones do. Made by the
    /// app's own hasher, so with the configured round count: made with the library's defaults, an unknown address cost
    /// 100,000 rounds whatever the accounts' hashes had, and a configured count would have told the two apart by time.
    /// </summary>
    private static string? unknownAccountHash;

    /// <summary>The client address the throttle counts (X-Forwarded-For only from the known proxies).</summary>
    internal static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static string Truncate(string value) => value.Length <= 256 ? value : value[..256];

    public sealed class LoginInput
    {
        [Required(ErrorMessage = "メールアドレスを入力してください。")]
        [StringLength(256, ErrorMessage = "メールアドレスが長すぎます。")]
        public string Email { get; set; } = string.Empty;

        [Required(ErrorMessage = "パスワードを入力してください。")]
        [StringLength(128, ErrorMessage = "パスワードが長すぎます。")]
        public string Password { get; set; } = string.Empty;
    }
}
