using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Filings.Review;

/// <summary>
/// 選択した届出を受理する: the filings ticked in the queue, listed once on a confirmation page, then accepted one by
/// one through <see cref="FilingService.AcceptAsync"/>, each in its own transaction with its hooks, audit entry and
/// mails (a refusal of one, or a failure, leaves those before it accepted and goes on with the next). The result
/// says which were accepted and which were not, and why.
/// </summary>
[Authorize(Roles = Roles.BackOffice)]
public sealed class BulkModel(PortalDbContext db, FilingService filings, ILogger<BulkModel> logger) : PageModel
{
    /// <summary>At most one page of the queue: a confirmation an operator can still read through.</summary>
    public const int Limit = IndexModel.PageSize;

    /// <summary>
    /// Why a succession is not accepted in bulk: its 受理 moves the account and every person of the institution to
    /// the new code, irreversibly, and its confirmation (<see cref="AcceptancePreview"/>) shows what moves and may
    /// refuse (the new code taken meanwhile, the old one already succeeded); a reviewer reads that for each one.
    /// </summary>
    public const string SuccessionRefusal = "承継届出は、受理するとアカウントと利用者が新しい医療機関等コードに移り、取り消せません。審査画面で1件ずつ、変わる内容を確認してから受理してください。";

    public const string NotSubmittedRefusal = "受付の状態ではないため、受理できません。";

    [BindProperty]
    public List<long> Ids { get; set; } = [];

    /// <summary>On the confirmation: each filing chosen and, when it will not be accepted, why.</summary>
    public IReadOnlyList<BulkItem> Chosen { get; private set; } = [];

    /// <summary>After 受理を確定する: what happened to each.</summary>
    public IReadOnlyList<BulkItem>? Results { get; private set; }

    /// <summary>Why a filing cannot be part of a bulk 受理; null when it can.</summary>
    public static string? Refusal(Filing filing)
    {
        ArgumentNullException.ThrowIfNull(filing);
        return filing.Type == FilingType.Succession ? SuccessionRefusal
            : filing.State != FilingState.Submitted ? NotSubmittedRefusal
            : null;
    }

    public IActionResult OnGet() => Redirect("/operator/filings");

    /// <summary>The confirmation: nothing changes yet.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await ChooseAsync(cancellationToken))
        {
            return Page();
        }

        Chosen = [.. Chosen.Select(c => c with { Refusal = Refusal(c.Filing) })];
        return Page();
    }

    /// <summary>受理を確定する: one acceptance after another, in the order of 受付.</summary>
    public async Task<IActionResult> OnPostAcceptAsync(CancellationToken cancellationToken)
    {
        if (!await ChooseAsync(cancellationToken))
        {
            return Page();
        }

        var results = new List<BulkItem>(Chosen.Count);
        foreach (var item in Chosen)
        {
            var refusal = Refusal(item.Filing);
            if (refusal is null)
            {
                try
                {
                    refusal = await filings.AcceptAsync(item.Filing.Id, Operator, cancellationToken);
                }
                catch (Exception exception) when (exception is DbUpdateException or InvalidOperationException)
                {
                    // Those before it stay accepted; this one is reported, and the rest are still tried.
                    logger.LogError(exception, "Bulk acceptance of filing {ReceiptNumber} failed.", item.Filing.ReceiptNumber);
                    db.ChangeTracker.Clear();
                    refusal = "エラーのため受理できませんでした。時間をおいて、審査画面から受理してください。";
                }
            }

            results.Add(item with { Refusal = refusal, Accepted = refusal is null });
        }

        Results = results;
        return Page();
    }

    private string Operator => User.Identity?.Name ?? "operator";

    private async Task<bool> ChooseAsync(CancellationToken cancellationToken)
    {
        var ids = Ids.Distinct().ToList();
        if (ids.Count == 0)
        {
            ModelState.AddModelError(string.Empty, "受理する届出を一覧で選んでください。");
            return false;
        }

        if (ids.Count > Limit)
        {
            ModelState.AddModelError(string.Empty, Ui.Text("一度に受理できるのは{0}件までです（{1}件が選ばれています）。", Limit, ids.Count));
            return false;
        }

        var found = await db.Set<Filing>().AsNoTracking().Where(f => ids.Contains(f.Id))
            .OrderBy(f => f.SubmittedAt).ThenBy(f => f.Id).ToListAsync(cancellationToken);
        if (found.Count == 0)
        {
            ModelState.AddModelError(string.Empty, "選んだ届出が見つかりません。一覧から選び直してください。");
            return false;
        }

        Chosen = [.. found.Select(f => new BulkItem(f, null, false))];
        return true;
    }
}

/// <summary>One filing of a bulk 受理: why it is (or was) not accepted, and whether it was.</summary>
public sealed record BulkItem(Filing Filing, string? Refusal, bool Accepted);

/// <summary>What <c>_BulkTable.cshtml</c> shows.</summary>
public sealed record BulkTable(string Caption, IReadOnlyList<BulkItem> Items);
