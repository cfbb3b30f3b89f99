using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OnshiPortal.Features.Activation;

/// <summary>After the check page: the link is on its way; the temporary login still works; resend (rate limited).</summary>
[Authorize(AuthenticationSchemes = TemporaryLogin.Scheme)]
public sealed class SentModel(ActivationService activation) : PageModel
{
    public string Email { get; private set; } = string.Empty;

    public bool Resent { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var (_, elsewhere) = await LoadAsync(cancellationToken);
        return elsewhere ?? Page();
    }

    public async Task<IActionResult> OnPostResendAsync(CancellationToken cancellationToken)
    {
        var (context, elsewhere) = await LoadAsync(cancellationToken);
        if (elsewhere is not null)
        {
            return elsewhere;
        }

        var refused = await activation.ResendAsync(context!, cancellationToken);
        if (refused is not null)
        {
            ModelState.AddModelError(string.Empty, refused);
        }
        else
        {
            Resent = true;
        }

        return Page();
    }

    /// <summary>The pending activation, or where to go instead: the login page when the credential ended, the form when nothing is pending.</summary>
    private async Task<(ActivationContext? Context, IActionResult? Elsewhere)> LoadAsync(CancellationToken cancellationToken)
    {
        var context = await activation.LoadAsync(User.CredentialId(), cancellationToken);
        if (context is null)
        {
            return (null, await TemporaryLogin.EndAsync(this));
        }

        if (context.Pending is null)
        {
            return (context, RedirectToPage("Edit"));
        }

        Email = context.Pending.Email;
        return (context, null);
    }
}
