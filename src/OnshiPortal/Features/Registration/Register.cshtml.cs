using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OnshiPortal.Features.Registration;

[AllowAnonymous]
public sealed class RegisterModel(RegistrationService registration) : PageModel
{
    [BindProperty]
    public RegisterInput Input { get; set; } = new();

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Input.Email = (Input.Email ?? string.Empty).Normalize(NormalizationForm.FormKC).Trim();
        ModelState.Clear();
        if (!TryValidateModel(Input, nameof(Input)))
        {
            return Page();
        }

        // The same answer whatever the address: no hint whether it has an account.
        await registration.RequestAsync(Input.Email);
        Sent = true;
        return Page();
    }

    public sealed class RegisterInput
    {
        [Required(ErrorMessage = "メールアドレスを入力してください。")]
        [EmailAddress(ErrorMessage = "メールアドレスの形式が正しくありません。")]
        [StringLength(256, ErrorMessage = "メールアドレスが長すぎます。")]
        public string Email { get; set; } = string.Empty;
    }
}
