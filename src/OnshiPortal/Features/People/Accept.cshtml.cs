using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OnshiPortal.Features.People;

/// <summary>招待の受諾: the invitee, from the mailed link, sets their own password and joins the institution.</summary>
[AllowAnonymous]
public sealed class AcceptModel(Invitations invitations) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "パスワードを入力してください。")]
    public string Password { get; set; } = string.Empty;

    [BindProperty]
    [Required(ErrorMessage = "確認のため、パスワードをもう一度入力してください。")]
    [Compare(nameof(Password), ErrorMessage = "確認用のパスワードが一致しません。")]
    public string ConfirmPassword { get; set; } = string.Empty;

    public Invitation? Invitation { get; private set; }

    public string InstitutionName { get; private set; } = string.Empty;

    public async Task OnGetAsync()
    {
        ModelState.Clear();
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await LoadAsync() || !ModelState.IsValid)
        {
            return Page();
        }

        if (await invitations.AcceptAsync(Token!, Password, HttpContext.RequestAborted) is { } errors)
        {
            foreach (var error in errors)
            {
                ModelState.AddModelError(errors.Count == 1 && error is Invitations.NotValid or Invitations.AddressInUse ? string.Empty : nameof(Password), error);
            }

            return Page();
        }

        return Redirect("/login?notice=joined");
    }

    private async Task<bool> LoadAsync()
    {
        if (await invitations.FindAsync(Token, HttpContext.RequestAborted) is { } found)
        {
            (Invitation, InstitutionName) = found;
            return true;
        }

        ModelState.AddModelError(string.Empty, Invitations.NotValid);
        return false;
    }
}
