using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Web;

namespace OnshiPortal.Features.Procedures;

/// <summary>
/// The engine's form, one page for every procedure that <see cref="Procedure.UsesEngineForm"/>: the fields from
/// configuration, the procedure's rules said before anything is entered, the check page, the receipt.
/// <c>?correct=A-...</c> corrects a returned filing.
/// </summary>
[Authorize]
[InstitutionPage(InstitutionRight.Read)] // the procedure comes from the URL: OnPageHandlerExecutionAsync checks the right to file it
public sealed class FormModel(PortalDbContext db, FilingService filings, DraftSeal seal, IOptions<ProcedureOptions> options, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Slug { get; set; } = string.Empty;

    [BindProperty(SupportsGet = true)]
    public string? Correct { get; set; }

    [BindProperty]
    public Dictionary<string, string?> Values { get; set; } = [];

    [BindProperty]
    public string? Draft { get; set; }

    public Procedure Procedure { get; private set; } = default!;

    public ProcedureForm Form { get; private set; } = default!;

    public InstitutionAccess Access { get; private set; } = default!;

    public string Code => Access.InstitutionCode;

    public string InstitutionName { get; private set; } = string.Empty;

    /// <summary>Why the procedure cannot be filed now (order, limit, a pending registration); the form is not shown.</summary>
    public string? Refusal { get; private set; }

    public Filing? Correcting { get; private set; }

    public Filing? OpenFiling { get; private set; }

    public bool Checking { get; private set; }

    public IReadOnlyList<FiledField> CheckFields { get; private set; } = [];

    public string? Value(string id) => Values.TryGetValue(id, out var value) ? value : null;

    /// <summary>What the rules see before anything is entered (set by LoadAsync for a new filing).</summary>
    private ProcedureContext? askedContext;

    private string Purpose => "Procedure." + Procedure.Type;

    private string SealOwner => Access.Person.Id + "|" + Code;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } stop)
        {
            return stop;
        }

        if (Correcting is not null)
        {
            Values = JsonSerializer.Deserialize<Dictionary<string, string>>(Correcting.Entries)!.ToDictionary(v => v.Key, v => (string?)v.Value);
        }
        else if (Refusal is null && askedContext is not null)
        {
            Values = (await Procedure.DefaultsAsync(askedContext, cancellationToken)).ToDictionary(v => v.Key, v => (string?)v.Value);
        }

        return Page();
    }

    /// <summary>確認画面へ進む.</summary>
    public async Task<IActionResult> OnPostCheckAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } stop)
        {
            return stop;
        }

        if (Refusal is not null || OpenFiling is not null)
        {
            return Page();
        }

        var check = ProcedureFields.Check(Form.Fields, Values);
        foreach (var (field, message) in check.Errors)
        {
            ModelState.AddModelError($"Values.{field}", message);
        }

        Values = check.Values.ToDictionary(v => v.Key, v => (string?)v.Value);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        // The rules that depend on the entries (a limit, a terminal already asked for, a date) before the check page.
        var (quantity, effectiveOn) = Procedure.Columns(check.Values);
        var draftForRules = new FilingDraft(Procedure.Type, string.Empty, [], Values: check.Values, Quantity: quantity, EffectiveOn: effectiveOn);
        var context = await filings.ContextAsync(Code, draftForRules, Correcting?.Id, clock.GetUtcNow(), Access, cancellationToken);
        if (await Procedure.RefusalAsync(context, cancellationToken) is { } refusal)
        {
            ModelState.AddModelError(string.Empty, refusal);
            return Page();
        }

        Draft = seal.Seal(Purpose, SealOwner, new ProcedureDraft(check.Values, Guid.NewGuid(), Correcting?.Id));
        ModelState.Remove(nameof(Draft));
        CheckFields = ProcedureFields.Describe(Form.Fields, check.Values);
        Checking = true;
        return Page();
    }

    /// <summary>入力画面に戻る.</summary>
    public async Task<IActionResult> OnPostBackAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } stop)
        {
            return stop;
        }

        ModelState.Clear();
        if (seal.Open<ProcedureDraft>(Purpose, SealOwner, Draft) is { } draft)
        {
            Values = draft.Values.ToDictionary(v => v.Key, v => (string?)v.Value);
        }

        return Page();
    }

    /// <summary>上記の内容で確定する.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken, confirming: true) is { } stop)
        {
            return stop;
        }

        var draft = seal.Open<ProcedureDraft>(Purpose, SealOwner, Draft);
        if (draft is null)
        {
            ModelState.AddModelError(string.Empty, "確認画面の有効期限（30分）が切れました。もう一度入力してください。");
            return Page();
        }

        // The sealed entries were checked when sealed; checked again against today's configuration all the same.
        var check = ProcedureFields.Check(Form.Fields, draft.Values.ToDictionary(v => v.Key, v => (string?)v.Value));
        Values = check.Values.ToDictionary(v => v.Key, v => (string?)v.Value);
        if (!check.IsValid)
        {
            ModelState.AddModelError(string.Empty, "入力内容に誤りがあります。入力画面で直してください。");
            return Page();
        }

        var (quantity, effectiveOn) = Procedure.Columns(check.Values);
        var filingDraft = new FilingDraft(
            Procedure.Type,
            JsonSerializer.Serialize(check.Values),
            ProcedureFields.Describe(Form.Fields, check.Values),
            Values: check.Values,
            Quantity: quantity,
            EffectiveOn: effectiveOn);
        var outcome = await filings.SubmitAsync(Access, filingDraft, draft.Key, draft.Correcting, cancellationToken);
        if (outcome.Filing is null)
        {
            ModelState.AddModelError(string.Empty, outcome.Refusal!);
            return Page();
        }

        return Redirect($"/mypage/filings/{outcome.Filing.ReceiptNumber}?filed=true");
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken, bool confirming = false)
    {
        if (ProcedureCatalog.FromSlug(Slug) is not { UsesEngineForm: true } procedure)
        {
            return NotFound();
        }

        Procedure = procedure;
        Form = options.Value.FormOf(procedure.Type);
        Access = InstitutionAccesses.Of(HttpContext)!;
        if (!Access.May(InstitutionRight.File, procedure.Type))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        InstitutionName = await InstitutionNames.OfAsync(db, Code, cancellationToken);
        if (await PendingRegistrations.IsInstitutionPendingAsync(db, Code, cancellationToken))
        {
            Refusal = FilingService.PendingRefusal;
            return null;
        }

        if (!string.IsNullOrEmpty(Correct))
        {
            Correcting = await db.Set<Filing>().AsNoTracking().FirstOrDefaultAsync(f => f.ReceiptNumber == Correct && f.Type == procedure.Type && f.InstitutionCode == Code, cancellationToken);
            return Correcting is null || (Correcting.State != FilingState.Returned && !confirming) ? NotFound() : null;
        }

        var institution = await db.Institutions.AsNoTracking().FirstOrDefaultAsync(i => i.Code == Code, cancellationToken);
        if (institution is { Status: not InstitutionStatus.Active })
        {
            Refusal = "この医療機関等コードは廃止または承継済みのため、手続きはできません。";
            return null;
        }

        // One context (its codes read once) for the refusal here and the defaults of a first visit.
        askedContext = await filings.ContextAsync(Code, null, null, clock.GetUtcNow(), Access, cancellationToken);
        Refusal = await procedure.RefusalAsync(askedContext, cancellationToken);
        if (!confirming)
        {
            var key = procedure.OpenKey(Code, null);
            OpenFiling = await db.Set<Filing>().AsNoTracking().FirstOrDefaultAsync(f => f.OpenKey == key, cancellationToken);
        }

        return null;
    }

    /// <summary>What the check page seals: the checked entries, the one-time key, the filing being corrected.</summary>
    public sealed record ProcedureDraft(Dictionary<string, string> Values, Guid Key, long? Correcting);
}
