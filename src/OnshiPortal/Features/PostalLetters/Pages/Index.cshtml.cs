using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.Account;

namespace OnshiPortal.Features.PostalLetters.Pages;

/// <summary>郵送物の印刷: the letters waiting in the print queue, downloaded as one PDF and so marked printed, once.</summary>
[Authorize(Roles = Roles.Printing)]
public sealed class IndexModel(PostalLetterQueue queue) : PageModel
{
    public const string NothingPrinted = "印刷待ちの郵送物はありません（ほかの担当者が先に印刷した可能性があります）。";

    public IReadOnlyList<QueuedLetter> Waiting { get; private set; } = [];

    public IReadOnlyList<QueuedLetter> Printed { get; private set; } = [];

    /// <summary>The letters listed when the page was shown: the run prints those, not ones queued since.</summary>
    [BindProperty]
    public List<long> Ids { get; set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => (Waiting, Printed) = await queue.ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostPrintAsync(CancellationToken cancellationToken)
    {
        var run = await queue.PrintAsync(Ids, User.Identity!.Name!, cancellationToken);
        if (run is null)
        {
            ModelState.AddModelError(string.Empty, NothingPrinted);
            (Waiting, Printed) = await queue.ListAsync(cancellationToken);
            return Page();
        }

        return File(run.Pdf, "application/pdf", run.FileName);
    }
}
