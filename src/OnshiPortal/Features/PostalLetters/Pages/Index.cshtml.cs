using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.Account;

namespace OnshiPortal.Features.PostalLetters.Pages;

/// <summary>
/// 郵送物の印刷: the letters waiting in the print queue, closed into a print batch (each letter into one, once) and
/// downloaded as that batch's files; a batch is the only way a letter leaves, so that every printed letter is in a
/// manifest with its checksums.
/// </summary>
[Authorize(Roles = Roles.Printing)]
public sealed class IndexModel(PostalLetterQueue queue, PrintBatches batches) : PageModel
{
    public const string NothingPrinted = "印刷待ちの郵送物はありません（ほかの担当者が先に印刷した可能性があります）。";

    public IReadOnlyList<QueuedLetter> Waiting { get; private set; } = [];

    public IReadOnlyList<QueuedLetter> Printed { get; private set; } = [];

    public IReadOnlyList<PrintBatchSummary> Batches { get; private set; } = [];

    /// <summary>The batch just closed on this page, offered for download at the top.</summary>
    [TempData]
    public string? Closed { get; set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <summary>Closes the queue into a print batch (every letter waiting, each into one batch) and shows it for download.</summary>
    public async Task<IActionResult> OnPostCloseAsync(CancellationToken cancellationToken)
    {
        var closed = await batches.CloseAsync(User.Identity!.Name!, cancellationToken);
        if (closed is null)
        {
            ModelState.AddModelError(string.Empty, NothingPrinted);
            await LoadAsync(cancellationToken);
            return Page();
        }

        Closed = closed.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return RedirectToPage();
    }

    /// <summary>The batch's files (PDFs, manifests, SHA256SUMS, cover sheet) as one ZIP; made again from the database each time.</summary>
    public async Task<IActionResult> OnGetDownloadAsync(long id, CancellationToken cancellationToken)
    {
        var zip = await batches.ZipAsync(id, User.Identity!.Name!, cancellationToken);
        return zip is null ? NotFound() : File(zip, "application/zip", PrintBatches.FolderName(id) + ".zip");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        (Waiting, Printed) = await queue.ListAsync(cancellationToken);
        Batches = await batches.ListAsync(20, cancellationToken);
    }
}
