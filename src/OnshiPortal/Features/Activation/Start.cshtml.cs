using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.Institutions;

namespace OnshiPortal.Features.Activation;

/// <summary>
/// The first page after a login with the letter's temporary ID: the letter (別添1 ④) tells the clinic to click
/// 「アカウント情報編集」 on it, so the page is there to be found as the letter describes, with the institution's data
/// to check before going on. A session whose request is already waiting for its e-mail goes to the page that says so.
/// </summary>
[Authorize(AuthenticationSchemes = TemporaryLogin.Scheme)]
public sealed class StartModel(ActivationService activation) : PageModel
{
    public Institution Institution { get; private set; } = default!;

    public string LoginId { get; private set; } = string.Empty;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var context = await activation.LoadAsync(User.CredentialId(), cancellationToken);
        if (context is null)
        {
            return await TemporaryLogin.EndAsync(this);
        }

        if (context.Pending is not null)
        {
            return RedirectToPage("Sent");
        }

        Institution = context.Institution;
        LoginId = context.Credential.LoginId;
        return Page();
    }
}
