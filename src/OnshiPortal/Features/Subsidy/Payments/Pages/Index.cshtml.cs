using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Filings;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Subsidy.Payments.Pages;

/// <summary>
/// 補助金の支払: an Admin closes a month into batches (the 全銀 file, its CSV), downloads them for the bank, and registers
/// the bank's result. Admin only: the file moves money.
/// </summary>
[Authorize(Roles = Roles.Admin)]
public sealed class IndexModel(PortalDbContext db, PaymentClose close, PaymentSettlement settlement, PrivateEntries privates, TimeProvider clock) : PageModel
{
    /// <summary>The largest return list read (a list of every transfer of a 9,999-line file is far below it).</summary>
    public const long MaxReturnListBytes = 2 * 1024 * 1024;

    public IReadOnlyList<BatchRow> Batches { get; private set; } = [];

    [BindProperty]
    public string Month { get; set; } = string.Empty;

    [TempData]
    public string? Done { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var today = JapanTime.Today(clock);
        Month = new DateOnly(today.Year, today.Month, 1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        await LoadAsync(cancellationToken);
    }

    /// <summary>締める: the month's accepted, unpaid claims into new batches.</summary>
    public async Task<IActionResult> OnPostCloseAsync(CancellationToken cancellationToken)
    {
        if (!DateOnly.TryParseExact(Month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            ModelState.AddModelError(nameof(Month), "締める月を選んでください。");
            await LoadAsync(cancellationToken);
            return Page();
        }

        var outcome = await close.CloseAsync(month, User.Identity!.Name!, cancellationToken);
        if (outcome.Refusal is { } refusal)
        {
            ModelState.AddModelError(nameof(Month), refusal);
            await LoadAsync(cancellationToken);
            return Page();
        }

        Done = string.Join(" ", outcome.Batches.Select(b => Ui.Text(
            "支払バッチ {0}（{1}件、{2}円、振込指定日 {3}）を作成しました。",
            b.Name,
            b.Count.ToString("N0", CultureInfo.InvariantCulture),
            b.Total.ToString("N0", CultureInfo.InvariantCulture),
            Wareki.Date(b.TransferDate))));
        return RedirectToPage();
    }

    /// <summary>振込結果の登録: the bank's return list (none: everything was paid).</summary>
    public async Task<IActionResult> OnPostSettleAsync(long id, IFormFile? returns, CancellationToken cancellationToken)
    {
        byte[]? list;
        if (returns is null || returns.Length == 0)
        {
            list = null; // everything was transferred
        }
        else if (returns.Length > MaxReturnListBytes)
        {
            ModelState.AddModelError(string.Empty, "振込不能の一覧が大きすぎます（2MBまで）。");
            await LoadAsync(cancellationToken);
            return Page();
        }
        else
        {
            using var buffer = new MemoryStream();
            await returns.CopyToAsync(buffer, cancellationToken);
            list = buffer.ToArray();
        }

        var errors = await settlement.SettleAsync(id, list, User.Identity!.Name!, cancellationToken);
        if (errors.Count > 0)
        {
            foreach (var error in errors.Take(50))
            {
                ModelState.AddModelError(string.Empty, error);
            }

            await LoadAsync(cancellationToken);
            return Page();
        }

        Done = "振込結果を登録しました。";
        return RedirectToPage();
    }

    /// <summary>A batch's 全銀 file, as it was written when the month was closed.</summary>
    public async Task<IActionResult> OnGetTransferFileAsync(long id, CancellationToken cancellationToken)
    {
        var batch = await PaymentFiles.OpenedAsync(db, privates, id, cancellationToken);
        return batch is null ? NotFound() : File(batch.TransferFile, "application/octet-stream", PaymentFiles.TransferFileName(batch));
    }

    /// <summary>The batch for people: each payment, its claim, its account, its state (UTF-8 with BOM, formula-safe).</summary>
    public async Task<IActionResult> OnGetSummaryAsync(long id, CancellationToken cancellationToken) =>
        await WithBatchAsync(id, (batch, names) => File(PaymentFiles.SummaryCsv(batch, names), "text/csv; charset=utf-8", PaymentFiles.SummaryFileName(batch)), cancellationToken);

    /// <summary>The same for reading and approving: the batch's facts, each payment and the total (PDF).</summary>
    public async Task<IActionResult> OnGetSummaryPdfAsync(long id, CancellationToken cancellationToken) =>
        await WithBatchAsync(id, (batch, names) => File(PaymentFiles.SummaryPdf(batch, names, clock.GetUtcNow()), "application/pdf", PaymentFiles.SummaryPdfName(batch)), cancellationToken);

    private async Task<IActionResult> WithBatchAsync(long id, Func<PaymentBatch, Dictionary<string, string>, IActionResult> file, CancellationToken cancellationToken)
    {
        var batch = await PaymentFiles.OpenedAsync(db, privates, id, cancellationToken);
        return batch is null ? NotFound() : file(batch, await PaymentFiles.NamesAsync(db, batch, cancellationToken));
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Batches = await db.Set<PaymentBatch>().AsNoTracking()
            .OrderByDescending(b => b.Month).ThenByDescending(b => b.Number)
            .Take(36)
            .Select(b => new BatchRow(b.Id, b.Month, b.Number, b.Count, b.Total, b.TransferDate, b.ClosedAt, b.ClosedBy, b.SettledAt, b.Payments.Count(p => p.State == PaymentState.Returned), b.TransferFileSha256))
            .ToListAsync(cancellationToken);
    }

    public sealed record BatchRow(long Id, DateOnly Month, int Number, int Count, long Total, DateOnly TransferDate, DateTimeOffset ClosedAt, string ClosedBy, DateTimeOffset? SettledAt, int Returned, string Sha256)
    {
        public string Name => $"{Month:yyyy-MM}-{Number}";
    }
}
