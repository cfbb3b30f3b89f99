using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OnshiPortal.Features.Account;

[AllowAnonymous]
public sealed class ResetPasswordModel(PasswordReset reset) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "新しいパスワードを入力してください。")]
    [StringLength(128, MinimumLength = 12, ErrorMessage = "新しいパスワードは12文字以上、128文字以内で入力してください。")]
    [NotCommonPassword]
    public string NewPassword { get; set; } = string.Empty;

    [BindProperty]
    [Required(ErrorMessage = "確認のため、新しいパスワードをもう一度入力してください。")]
    [Compare(nameof(NewPassword), ErrorMessage = "確認用のパスワードが一致しません。")]
    public string ConfirmPassword { get; set; } = string.Empty;

    public bool Done { get; private set; }

    public void OnGet()
    {
        if (string.IsNullOrEmpty(UserId) || string.IsNullOrEmpty(Token))
        {
            ModelState.AddModelError(string.Empty, PasswordReset.InvalidLink.Description);
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var errors = await reset.ResetAsync(UserId ?? string.Empty, Token ?? string.Empty, NewPassword);
        foreach (var error in errors)
        {
            ModelState.AddModelError(error.Code == PasswordReset.InvalidLink.Code ? string.Empty : nameof(NewPassword), error.Description);
        }

        Done = errors.Count == 0;
        return Page();
    }
}
