using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.Account;

[Authorize]
public sealed class ChangePasswordModel(
    UserManager<PortalUser> users,
    SignInManager<PortalUser> signIn,
    MailOutbox outbox,
    AuditTrail audit,
    PortalDbContext db,
    TimeProvider clock) : PageModel
{
    [BindProperty]
    public ChangePasswordInput Input { get; set; } = new();

    public bool Required => User.HasClaim(PortalClaimsPrincipalFactory.MustChangePasswordClaim, "true");

    public bool Done { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var result = await users.ChangePasswordAsync(user, Input.CurrentPassword, Input.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                var field = error.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? "Input.CurrentPassword" : "Input.NewPassword";
                ModelState.AddModelError(field, error.Description);
            }

            return Page();
        }

        var wasRequired = user.MustChangePassword;
        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        outbox.Enqueue(AccountMails.Changed(user, clock.GetUtcNow()));
        audit.Record("password.changed", user.Email!, user.InstitutionCode);
        await db.SaveChangesAsync();

        // The security stamp changed with the password: renew this session's cookie, other sessions end.
        await signIn.RefreshSignInAsync(user);
        if (wasRequired && Roles.AreBackOffice(await users.GetRolesAsync(user)))
        {
            return LocalRedirect("/operator");
        }

        Done = true;
        Input = new ChangePasswordInput();
        return Page();
    }

    public sealed class ChangePasswordInput
    {
        [Required(ErrorMessage = "現在のパスワードを入力してください。")]
        public string CurrentPassword { get; set; } = string.Empty;

        [Required(ErrorMessage = "新しいパスワードを入力してください。")]
        [StringLength(128, MinimumLength = 12, ErrorMessage = "新しいパスワードは12文字以上、128文字以内で入力してください。")]
        public string NewPassword { get; set; } = string.Empty;

        [Required(ErrorMessage = "確認のため、新しいパスワードをもう一度入力してください。")]
        [Compare(nameof(NewPassword), ErrorMessage = "確認用のパスワードが一致しません。")]
        public string ConfirmPassword { get; set; } = string.Empty;
    }
}
