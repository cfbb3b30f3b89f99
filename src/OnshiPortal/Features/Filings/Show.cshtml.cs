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
    PrivateEntries privates,
    AuditTrail audit,
    PortalDbContext db,
    Microsoft.Extensions.Options.IOptions<Procedures.ProcedureOptions> procedures,
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

    /// <summary>The labels of the documents the 差戻し asks to replace.</summary>
    public IReadOnlyList<string> ToReplace =>
        [.. Procedures.ProcedureDocuments.ToReplace(Filing).Select(id => Procedures.ProcedureDocuments.LabelOf(procedures.Value.FormOf(Filing.Type), id))];

    public string CorrectUrl => $"{Procedures.ProcedureCatalog.Of(Filing.Type).FormPath}?correct={Filing.ReceiptNumber}";

    /// <summary>A subsidy claim's payment (支払予定日, 支払済), once a month's close has taken it.</summary>
    public Subsidy.Payments.ClaimPayment? Payment { get; private set; }

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

    /// <summary>
    /// An attachment, to its filer and to operators only. <paramref name="view"/> serves it to be shown in the page
    /// (the reviewer's documents side by side, in an iframe or an img of this origin only) instead of downloaded.
    /// </summary>
    public async Task<IActionResult> OnGetAttachmentAsync(long id, bool view, CancellationToken cancellationToken)
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
        if (await store.DownloadAsync(HttpContext, attachment, cancellationToken) is not { } download)
        {
            return NotFound();
        }

        if (view)
        {
            // Shown inline, framed by the portal's own pages only, running nothing: the type is the one detected from
            // the content when it was uploaded (PDF, JPEG, PNG), and nosniff keeps the browser to it.
            var name = download.FileDownloadName;
            download.FileDownloadName = string.Empty;
            var disposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("inline");
            disposition.SetHttpFileName(name);
            Response.Headers.ContentDisposition = disposition.ToString();
            Response.Headers.ContentSecurityPolicy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'";
            Response.Headers.XFrameOptions = "SAMEORIGIN";
        }

        return download;
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
        Fields = privates.For(filing, access);
        Payment = filing.Type == FilingType.SubsidyClaim ? await Subsidy.Payments.ClaimPayment.OfAsync(db, filing.Id, cancellationToken) : null;
        CurrentCode = access?.InstitutionCode;
        Editable = access is not null && access.May(InstitutionRight.File, filing.Type) && filing.InstitutionCode == access.InstitutionCode
            && filing.State is FilingState.Submitted or FilingState.Returned;
        InstitutionStep = access is not null && access.May(InstitutionRight.File, filing.Type)
            ? Procedures.ProcedureCatalog.Of(filing.Type).Fulfilments.FirstOrDefault(s => !s.ByOperator && s.From == filing.State)
            : null;
        return null;
    }
}
