using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.News.Operator;

/// <summary>
/// 関係団体へ周知する: the check page shows who gets the mail and the mail itself; 送信する sends it. A second
/// circulation of the same notice needs its box ticked.
/// </summary>
[Authorize(Roles = Roles.BackOffice)]
public sealed class CirculateModel(NoticeBoard board, NoticeCirculation circulation, IOptions<MailOptions> mail) : PageModel
{
    [BindProperty]
    public bool Again { get; set; }

    public Notice Notice { get; private set; } = default!;

    public List<Association> Recipients { get; private set; } = [];

    public List<Circulation> History { get; private set; } = [];

    public MailContent? Sample { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var (sent, refusal) = await circulation.CirculateAsync(id, Again, User.Identity!.Name!, cancellationToken);
        if (sent is null)
        {
            ModelState.AddModelError(History.Count > 0 && !Again ? nameof(Again) : string.Empty, refusal!);
            return Page();
        }

        return Redirect($"/operator/news/{id}?done=circulated");
    }

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var notice = await board.FindAsync(id, cancellationToken);
        if (notice is null)
        {
            return false;
        }

        Notice = notice;
        Recipients = await circulation.RecipientsAsync(cancellationToken);
        History = await circulation.HistoryAsync(id, cancellationToken);
        Sample = NoticeCirculation.Mail(notice, Recipients.FirstOrDefault()?.Name ?? "（関係団体名）", mail.Value);
        return true;
    }
}
