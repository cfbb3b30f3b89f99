using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OnshiPortal.Features.Vendors;

/// <summary>
/// 委任の受け入れ (/vendor/accept?token=…), the page of the invitation's link. Opening it changes nothing; the button
/// accepts (<see cref="VendorAcceptance"/>). A link that cannot be used gets one message, whatever the reason and
/// whoever owns the address.
/// </summary>
[AllowAnonymous]
public sealed class AcceptModel(VendorAcceptance acceptance) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public VendorOffer? Offer { get; private set; }

    /// <summary>Set once accepted: whether an account was made (the page then says to log in with the new password).</summary>
    public AcceptOutcome? Accepted { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Offer = await acceptance.FindAsync(Token, cancellationToken);

    /// <summary>受け入れる (and, for a new vendor's person, the password).</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Offer = await acceptance.FindAsync(Token, cancellationToken);
        if (Offer is null || Offer.Invitee == Invitee.Other)
        {
            return Page();
        }

        if (Offer.Invitee == Invitee.NoAccount)
        {
            if (string.IsNullOrEmpty(Password))
            {
                ModelState.AddModelError(nameof(Password), VendorAcceptance.PasswordRequired);
            }
            else if (string.IsNullOrEmpty(ConfirmPassword))
            {
                ModelState.AddModelError(nameof(ConfirmPassword), "確認のため、パスワードをもう一度入力してください。");
            }
            else if (!string.Equals(Password, ConfirmPassword, StringComparison.Ordinal))
            {
                ModelState.AddModelError(nameof(ConfirmPassword), "確認用のパスワードが一致しません。");
            }

            if (!ModelState.IsValid)
            {
                return Page();
            }
        }

        var outcome = await acceptance.AcceptAsync(Token, Offer.Invitee == Invitee.NoAccount ? Password : null, cancellationToken);
        if (outcome.Refusal is { } refusal)
        {
            ModelState.AddModelError(string.Empty, refusal);
            Offer = null;
            return Page();
        }

        foreach (var problem in outcome.PasswordErrors)
        {
            ModelState.AddModelError(nameof(Password), problem);
        }

        if (outcome.Accepted)
        {
            Accepted = outcome;
        }

        return Page();
    }
}
