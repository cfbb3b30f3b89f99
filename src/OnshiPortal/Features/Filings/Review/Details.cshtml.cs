using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Procedures;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Filings.Review;

/// <summary>One filing for the operator: entries, attachments, full history; 受理 or 差戻し with a reason.</summary>
[Authorize(Roles = Roles.BackOffice)]
public sealed class DetailsModel(
    PortalDbContext db,
    FilingQueries queries,
    FilingService filings,
    IOptions<ProcedureOptions> procedures,
    TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Type { get; set; } = string.Empty;

    [BindProperty(SupportsGet = true)]
    public string Receipt { get; set; } = string.Empty;

    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>The documents the 差戻し marks as wrong (ids of the procedure's form), which the institution must replace.</summary>
    [BindProperty]
    public List<string> WrongDocuments { get; set; } = [];

    /// <summary>The procedure's form: its named documents, for their labels and the return's checkboxes.</summary>
    public ProcedureForm Form => procedures.Value.FormOf(Filing.Type);

    /// <summary>The filing's files by document, in the form's order (the unnamed ones last), to be shown side by side.</summary>
    public IReadOnlyList<IGrouping<string, FilingAttachment>> DocumentGroups =>
        [.. Filing.Attachments.OrderBy(a => a.Id).GroupBy(a => a.Document)
            .OrderBy(g => Form.Documents.FindIndex(d => d.Id == g.Key) is var i and >= 0 ? i : int.MaxValue)];

    /// <summary>The state a step after 受理 moves the filing to (発送済, 発行済).</summary>
    [BindProperty]
    public FilingState? To { get; set; }

    /// <summary>The step's note, e.g. 追跡番号.</summary>
    [BindProperty]
    public string? Note { get; set; }

    /// <summary>Set by the redirect after a decision.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    /// <summary>補助金: the amount the reviewer grants instead of the one computed.</summary>
    [BindProperty]
    public long? Amount { get; set; }

    /// <summary>補助金: why the amount changes, or why the claim is not granted (不交付).</summary>
    [BindProperty]
    public string? Decision { get; set; }

    public Filing Filing { get; private set; } = default!;

    public string FilerEmail { get; private set; } = string.Empty;

    public int Age { get; private set; }

    /// <summary>The steps after 受理 the operator may take from the filing's state (発送済にする with its 追跡番号).</summary>
    public IReadOnlyList<Fulfilment> OperatorSteps =>
        [.. ProcedureCatalog.Of(Filing.Type).Fulfilments.Where(s => s.ByOperator && s.From == Filing.State)];

    /// <summary>On the confirmation of 受理: what it will change (null on the review page itself).</summary>
    public AcceptancePreview? Preview { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ?? Page();

    /// <summary>受理の内容を確認する: nothing changes yet; the page lists what 受理を確定する will do.</summary>
    public async Task<IActionResult> OnGetAcceptAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } missing)
        {
            return missing;
        }

        if (Filing.State != FilingState.Submitted)
        {
            return Redirect($"/operator/filings/{Type}/{Receipt}");
        }

        Preview = await AcceptancePreview.ReadAsync(db, Filing, FilerEmail, cancellationToken);
        if (Preview.Refusal is { } refusal)
        {
            ModelState.AddModelError(string.Empty, refusal);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAcceptAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } missing)
        {
            return missing;
        }

        if (await filings.AcceptAsync(Filing.Id, Operator, cancellationToken) is { } refusal)
        {
            ModelState.AddModelError(string.Empty, refusal);
            return Page();
        }

        return Redirect($"/operator/filings/{Type}/{Receipt}?done=accepted");
    }

    public async Task<IActionResult> OnPostReturnAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } missing)
        {
            return missing;
        }

        var reason = Reason?.Trim() ?? string.Empty;
        if (reason.Length == 0)
        {
            ModelState.AddModelError(nameof(Reason), "差戻しの理由を入力してください（届出をした医療機関等にメールで伝わります）。");
            return Page();
        }

        if (reason.Length > 1000)
        {
            ModelState.AddModelError(nameof(Reason), "差戻しの理由は1000文字以内で入力してください。");
            return Page();
        }

        var wrong = WrongDocuments.Distinct(StringComparer.Ordinal).ToList();
        if (wrong.Any(id => !Form.Documents.Any(d => d.Id == id)))
        {
            ModelState.AddModelError(nameof(WrongDocuments), "差し替えが必要な書類は一覧から選んでください。");
            return Page();
        }

        if (await filings.ReturnAsync(Filing.Id, Operator, reason, wrong, cancellationToken) is { } refusal)
        {
            ModelState.AddModelError(string.Empty, refusal);
            return Page();
        }

        return Redirect($"/operator/filings/{Type}/{Receipt}?done=returned");
    }

    /// <summary>交付額を変更する: a subsidy claim's amount set by the reviewer, before and after kept in its history.</summary>
    public async Task<IActionResult> OnPostAmountAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } missing)
        {
            return missing;
        }

        if (Amount is not { } amount)
        {
            ModelState.AddModelError(nameof(Amount), "交付額を円で入力してください。");
            return Page();
        }

        if (await filings.ChangeAmountAsync(Filing.Id, Operator, amount, Decision ?? string.Empty, cancellationToken) is { } refusal)
        {
            ModelState.AddModelError(string.IsNullOrWhiteSpace(Decision) ? "Decision-amount" : nameof(Amount), refusal);
            return Page();
        }

        return Redirect($"/operator/filings/{Type}/{Receipt}?done=amount");
    }

    /// <summary>不交付にする: a subsidy claim is not granted, with the reason the institution reads.</summary>
    public async Task<IActionResult> OnPostRefuseAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } missing)
        {
            return missing;
        }

        if (await filings.RefuseAsync(Filing.Id, Operator, Decision ?? string.Empty, cancellationToken) is { } refusal)
        {
            ModelState.AddModelError(string.IsNullOrWhiteSpace(Decision) ? "Decision-refuse" : string.Empty, refusal);
            return Page();
        }

        return Redirect($"/operator/filings/{Type}/{Receipt}?done=refused");
    }

    /// <summary>A step after 受理 taken by the operator (発送済 with the tracking number, 発行済).</summary>
    public async Task<IActionResult> OnPostFulfilAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } missing)
        {
            return missing;
        }

        var step = OperatorSteps.FirstOrDefault(s => s.To == To);
        if (step is null)
        {
            ModelState.AddModelError(string.Empty, "この手続きは、いまの状態ではこの操作ができません。");
            return Page();
        }

        if (await filings.FulfilAsync(Filing.Id, step.To, Operator, filer: null, Note, cancellationToken) is { } refusal)
        {
            // A missing or long note belongs to its field; anything else (another operator was quicker) to the page.
            ModelState.AddModelError(step.NoteLabel is not null && (Note is null || refusal.Contains(Ui.Text(step.NoteLabel), StringComparison.Ordinal)) ? nameof(Note) : string.Empty, refusal);
            return Page();
        }

        return Redirect($"/operator/filings/{Type}/{Receipt}?done=fulfilled");
    }

    private string Operator => User.Identity?.Name ?? "operator";

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var filing = await queries.VisibleAsync(Receipt, null, operatorRole: true, cancellationToken);
        if (filing is null || filing.Type.Slug() != Type)
        {
            return NotFound();
        }

        Filing = filing;
        FilerEmail = await db.Users.AsNoTracking().Where(u => u.Id == filing.FiledByUserId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken) ?? string.Empty;
        Age = FilingQueries.AgeInDays(filing, clock.GetUtcNow());
        return null;
    }
}
