using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OnshiPortal.Features.Account;

/// <summary>The link in the mail to the new address. Opening it changes nothing; the button does.</summary>
[AllowAnonymous]
public sealed class ConfirmEmailChangeModel(EmailChange change) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true, Name = "email")]
    public string? Email { get; set; }

    [BindProperty(SupportsGet = true, Name = "token")]
    public string? Token { get; set; }

    public bool? Done { get; private set; }

    public void OnGet()
    {
        if (string.IsNullOrEmpty(UserId) || string.IsNullOrEmpty(Email) || string.IsNullOrEmpty(Token))
        {
            Done = false;
        }
    }

    public async Task OnPostAsync() =>
        Done = !string.IsNullOrEmpty(UserId) && !string.IsNullOrEmpty(Email) && !string.IsNullOrEmpty(Token)
            && await change.ConfirmAsync(UserId, Email, Token);
}
