using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.Activation;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Account;

[AllowAnonymous]
public sealed class LoginModel(
    SignInManager<PortalUser> signIn,
    CredentialLogin credentialLogin,
    AuditTrail audit,
    PortalDbContext db,
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
        var user = await signIn.UserManager.FindByNameAsync(email);
        if (user is null)
        {
            // As long as a real check: the time of the answer must not tell whether the address has an account.
            signIn.UserManager.PasswordHasher.VerifyHashedPassword(new PortalUser(), UnknownAccountHash.Value, Input.Password);
            audit.Record("login.failed", Truncate(email), null, new { reason = "unknown" });
            await db.SaveChangesAsync();
            ModelState.AddModelError(string.Empty, "メールアドレスまたはパスワードが正しくありません。");
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: true);
        audit.Record(result.Succeeded ? "login.succeeded" : result.IsLockedOut ? "login.locked-out" : "login.failed", user.Email ?? email, user.InstitutionCode);
        await db.SaveChangesAsync();
        if (result.Succeeded)
        {
            logger.LogInformation("Login succeeded for a portal account");
            if (!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl))
            {
                return LocalRedirect(ReturnUrl);
            }

            var backOffice = await signIn.UserManager.IsInRoleAsync(user, Roles.Operator) || await signIn.UserManager.IsInRoleAsync(user, Roles.Admin);
            return LocalRedirect(backOffice ? "/operator" : "/");
        }

        // The same words whether the address exists or not: no answer tells a stranger who has an account.
        ModelState.AddModelError(string.Empty, result.IsLockedOut
            ? "ログインに続けて失敗したため、一時的にログインできません。15分ほど時間をおいてから再度お試しください。"
            : "メールアドレスまたはパスワードが正しくありません。");
        logger.LogInformation("Login failed (locked out: {LockedOut})", result.IsLockedOut);
        return Page();
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
            ModelState.AddModelError(string.Empty, attempt.Throttle.Message!);
            return Page();
        }

        var check = attempt.Check;
        if (check.Outcome != CredentialOutcome.Valid || check.Credential is null)
        {
            logger.LogInformation("Temporary login refused: {Outcome}", check.Outcome);
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

        audit.Record("temporary-login", loginId, check.Credential.InstitutionCode);
        await db.SaveChangesAsync();
        await HttpContext.SignInAsync(TemporaryLogin.Scheme, TemporaryLogin.Principal(check.Credential.Id, check.Credential.LoginId, check.Credential.InstitutionCode));
        return LocalRedirect("/activation");
    }

    /// <summary>A hash of a random password, verified for unknown addresses so that they cost what known ones do.</summary>
    private static readonly Lazy<string> UnknownAccountHash = new(() =>
        new PasswordHasher<PortalUser>().HashPassword(new PortalUser(), PasswordGenerator.Generate(24)));

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
