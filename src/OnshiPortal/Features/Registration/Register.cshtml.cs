using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.Account;

namespace OnshiPortal.Features.Registration;

[AllowAnonymous]
public sealed class RegisterModel(RegistrationService registration) : PageModel
{
    [BindProperty]
    public EmailInput Input { get; set; } = new();

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Input.Email = EmailAddresses.Fold(Input.Email);
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

}
