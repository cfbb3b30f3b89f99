using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OnshiPortal.Features.Account;

[AllowAnonymous]
public sealed class LoginModel(SignInManager<PortalUser> signIn, ILogger<LoginModel> logger) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // People copy addresses from a letter or type them with a Japanese IME: fold full-width forms first.
        var email = Input.Email.Normalize(NormalizationForm.FormKC).Trim();
        var result = await signIn.PasswordSignInAsync(email, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("Login succeeded for a portal account");
            if (!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl))
            {
                return LocalRedirect(ReturnUrl);
            }

            var user = await signIn.UserManager.FindByNameAsync(email);
            var backOffice = user is not null && (await signIn.UserManager.IsInRoleAsync(user, Roles.Operator) || await signIn.UserManager.IsInRoleAsync(user, Roles.Admin));
            return LocalRedirect(backOffice ? "/operator" : "/");
        }

        // The same words whether the address exists or not: no answer tells a stranger who has an account.
        ModelState.AddModelError(string.Empty, result.IsLockedOut
            ? "ログインに続けて失敗したため、一時的にログインできません。15分ほど時間をおいてから再度お試しください。"
            : "メールアドレスまたはパスワードが正しくありません。");
        logger.LogInformation("Login failed (locked out: {LockedOut})", result.IsLockedOut);
        return Page();
    }

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
