using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.Account;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.BackOffice;

/// <summary>
/// 送信できなかったメール: mails the outbox gave up on after <see cref="MailRetryOptions.MaxAttempts"/> tries, with
/// the error and the recipient, for an admin to fix the cause and requeue (再送). Admins only: the list names
/// recipients of every institution.
/// </summary>
[Authorize(Roles = Roles.Admin)]
public sealed class DeadMailModel(DeadLetters deadLetters) : PageModel
{
    public IReadOnlyList<DeadLetter> Rows { get; private set; } = [];

    public int Count { get; private set; }

    /// <summary>Set by the redirect after 再送: the mail requeued.</summary>
    [BindProperty(SupportsGet = true)]
    public long? Requeued { get; set; }

    /// <summary>Set by the redirect after 再送 of a mail that was no longer dead.</summary>
    [BindProperty(SupportsGet = true)]
    public long? Gone { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Count = await deadLetters.CountAsync(cancellationToken);
        Rows = await deadLetters.ListAsync(cancellationToken);
    }

    /// <summary>再送: back in the queue with a fresh count of tries.</summary>
    public async Task<IActionResult> OnPostRequeueAsync(long id, CancellationToken cancellationToken)
    {
        // Redirect after the post, so that a reload does not post again; the outcome travels in the address.
        return await deadLetters.RequeueAsync(id, User.Identity!.Name!, cancellationToken)
            ? RedirectToPage(new { requeued = id })
            : RedirectToPage(new { gone = id });
    }
}
