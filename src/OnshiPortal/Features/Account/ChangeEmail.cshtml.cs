using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.Account;

namespace OnshiPortal.Features.Account;

[Authorize]
public sealed class ChangeEmailModel(UserManager<PortalUser> users, EmailChange change) : PageModel
{
    [BindProperty]
    public ChangeEmailInput Input { get; set; } = new();

    public string CurrentEmail { get; private set; } = string.Empty;

    public bool Sent { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        CurrentEmail = user.Email ?? string.Empty;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        CurrentEmail = user.Email ?? string.Empty;
        Input.NewEmail = EmailAddresses.Fold(Input.NewEmail);
        Input.ConfirmEmail = EmailAddresses.Fold(Input.ConfirmEmail);
        ModelState.Clear();
        if (!TryValidateModel(Input, nameof(Input)))
        {
            return Page();
        }

        var refused = await change.RequestAsync(user, Input.NewEmail, Input.CurrentPassword);
        if (refused is { } reason)
        {
            ModelState.AddModelError($"{nameof(Input)}.{reason.Field}", reason.Message);
            return Page();
        }

        Sent = true;
        return Page();
    }

    public sealed class ChangeEmailInput
    {
        [Required(ErrorMessage = "新しいメールアドレスを入力してください。")]
        [MailAddress]
        [StringLength(256, ErrorMessage = "メールアドレスが長すぎます。")]
        public string NewEmail { get; set; } = string.Empty;

        [Required(ErrorMessage = "確認のため、新しいメールアドレスをもう一度入力してください。")]
        [Compare(nameof(NewEmail), ErrorMessage = "確認用のメールアドレスが一致しません。")]
        public string ConfirmEmail { get; set; } = string.Empty;

        [Required(ErrorMessage = "現在のパスワードを入力してください。")]
        public string CurrentPassword { get; set; } = string.Empty;
    }
}
