using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Filings;

/// <summary>
/// One filing as its institution sees it: the receipt after filing, the entries, the history, the copy (控え) as PDF, the
/// attachments, and 取下げ. Operators may open it too (the copy and the attachments are served from here).
/// </summary>
[Authorize]
[InstitutionPage(InstitutionRight.Read, Operators = true)]
public sealed class ShowModel(
    FilingQueries queries,
    FilingService filings,
    AttachmentStore store,
    AuditTrail audit,
    PortalDbContext db,
    TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Receipt { get; set; } = string.Empty;

    /// <summary>Set by the redirect after 上記の内容で確定する.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Filed { get; set; }

    public Filing Filing { get; private set; } = default!;

    public IReadOnlyList<FiledField> Fields { get; private set; } = [];

    /// <summary>Whether the filer may still withdraw or correct it (it is of the account's current code).</summary>
    public bool Editable { get; private set; }

    /// <summary>The viewing account's code now (after a succession, not the filing's), null for operators.</summary>
    public string? CurrentCode { get; private set; }

    public string? LastReturnReason => Filing.Events.LastOrDefault(e => e.To == FilingState.Returned)?.Reason;

    public string CorrectUrl => $"{Procedures.ProcedureCatalog.Of(Filing.Type).FormPath}?correct={Filing.ReceiptNumber}";

    /// <summary>The step after 受理 the institution takes now (到着を確認した), when this person may take it.</summary>
    public Procedures.Fulfilment? InstitutionStep { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) is { } denied ? denied : Page();

    /// <summary>控え (PDF).</summary>
    public async Task<IActionResult> OnGetCopyAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } denied)
        {
            return denied;
        }

        var pdf = FilingPdf.Copy(Filing, Fields, Filing.Events, clock.GetUtcNow());
        return File(pdf, "application/pdf", $"{Filing.ReceiptNumber}.pdf");
    }

    /// <summary>An attachment, to its filer and to operators only.</summary>
    public async Task<IActionResult> OnGetAttachmentAsync(long id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } denied)
        {
            return denied;
        }

        var attachment = Filing.Attachments.FirstOrDefault(a => a.Id == id);
        if (attachment is null || !await store.IsFiledAsync(attachment, cancellationToken))
        {
            return NotFound();
        }

        // Recorded before the stream is opened: a failed save then leaves no open stream (and its connection) behind.
        audit.Record("filing.attachment-read", User.Identity?.Name ?? string.Empty, Filing.InstitutionCode, new { Filing.ReceiptNumber, attachment.FileName });
        await db.SaveChangesAsync(cancellationToken);
        return await store.DownloadAsync(HttpContext, attachment, cancellationToken) is { } download ? download : NotFound();
    }

    /// <summary>取り下げる: whoever may file the procedure (checked again by the service, for the filing's type).</summary>
    [InstitutionPage(InstitutionRight.File)]
    public async Task<IActionResult> OnPostWithdrawAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } denied)
        {
            return denied;
        }

        if (await filings.WithdrawAsync(InstitutionAccesses.Of(HttpContext)!, Filing.Id, cancellationToken) is { } refusal)
        {
            ModelState.AddModelError(string.Empty, refusal);
            return Page();
        }

        return RedirectToPage("Show", new { receipt = Filing.ReceiptNumber });
    }

    /// <summary>A step after 受理 that is the institution's (到着確認): whoever may file the procedure.</summary>
    [InstitutionPage(InstitutionRight.File)]
    public async Task<IActionResult> OnPostFulfilAsync(FilingState to, CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } denied)
        {
            return denied;
        }

        var access = InstitutionAccesses.Of(HttpContext)!;
        if (await filings.FulfilAsync(Filing.Id, to, access.Actor, access, null, cancellationToken) is { } refusal)
        {
            ModelState.AddModelError(string.Empty, refusal);
            return Page();
        }

        return RedirectToPage("Show", new { receipt = Filing.ReceiptNumber });
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var access = InstitutionAccesses.Of(HttpContext);
        var operatorRole = access is null && Roles.IsOperating(User);
        var filing = await queries.VisibleAsync(Receipt, access, operatorRole, cancellationToken);
        if (filing is null)
        {
            return NotFound();
        }

        Filing = filing;
        Fields = FilingService.FieldsOf(filing);
        CurrentCode = access?.InstitutionCode;
        Editable = access is not null && access.May(InstitutionRight.File, filing.Type) && filing.InstitutionCode == access.InstitutionCode
            && filing.State is FilingState.Submitted or FilingState.Returned;
        InstitutionStep = access is not null && access.May(InstitutionRight.File, filing.Type)
            ? Procedures.ProcedureCatalog.Of(filing.Type).Fulfilments.FirstOrDefault(s => !s.ByOperator && s.From == filing.State)
            : null;
        return null;
    }
}
