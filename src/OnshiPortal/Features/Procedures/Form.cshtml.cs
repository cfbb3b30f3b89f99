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
using OnshiPortal.Features.Procedures.Drafts;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Web;

namespace OnshiPortal.Features.Procedures;

/// <summary>
/// The engine's form, one page for every procedure that <see cref="Procedure.UsesEngineForm"/>: the fields from
/// configuration, the procedure's rules said before anything is entered, the check page, the receipt.
/// <c>?correct=A-...</c> corrects a returned filing; 途中保存 keeps a new filing's entries for later
/// (<see cref="SavedDrafts"/>, <c>?resume=true</c> opens them).
/// </summary>
[Authorize]
[InstitutionPage(InstitutionRight.Read)] // the procedure comes from the URL: OnPageHandlerExecutionAsync checks the right to file it
[RequestSizeLimit(64 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 64 * 1024 * 1024)]
public sealed class FormModel(PortalDbContext db, FilingService filings, AttachmentUploads uploads, DraftSeal seal, SavedDrafts drafts, PrivateEntries privates, IOptions<ProcedureOptions> options, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Slug { get; set; } = string.Empty;

    [BindProperty(SupportsGet = true)]
    public string? Correct { get; set; }

    /// <summary>Opens the institution's saved draft (途中保存) of the procedure; 404 when it has none.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Resume { get; set; }

    /// <summary>Just saved (the save's redirect says so).</summary>
    [BindProperty(SupportsGet = true)]
    public bool Saved { get; set; }

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

    /// <summary>The institution's saved draft of this procedure, if any (a new filing's form only).</summary>
    public SavedDraft? SavedDraft { get; private set; }

    /// <summary>Whether 途中保存 is offered: a new filing's form (not a correction), when it may be filed.</summary>
    public bool MaySaveDraft => Correcting is null && Refusal is null && OpenFiling is null;

    public int DraftKeepDays => drafts.Options.KeepDays;

    public bool Checking { get; private set; }

    public IReadOnlyList<FiledField> CheckFields { get; private set; } = [];

    /// <summary>The files uploaded and staged for each document (kept in the sealed draft across the check page and back).</summary>
    public IReadOnlyList<StagedAttachment> Kept { get; private set; } = [];

    /// <summary>The returned filing's files, by document: kept unless the correction replaces the document.</summary>
    public IReadOnlyList<FilingAttachment> Filed { get; private set; } = [];

    /// <summary>The documents the 差戻し marked as wrong: the correction must replace them.</summary>
    public IReadOnlyList<string> ToReplace { get; private set; } = [];

    /// <summary>The documents required for the entries (<see cref="Procedure.RequiredDocuments"/>), by id.</summary>
    public IReadOnlySet<string> Required => Procedure.RequiredDocuments(Form.Documents, Values.ToDictionary(v => v.Key, v => v.Value ?? string.Empty), Computation).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>What the procedure computed from the checked entries (the subsidy's lines), shown on the check page.</summary>
    public ProcedureComputation Computation { get; private set; } = ProcedureComputation.None;

    /// <summary>What each document will be filed with: this draft's files, or the returned filing's kept ones.</summary>
    public IReadOnlyList<DocumentFiles> CheckDocuments { get; private set; } = [];

    public int MaxMegabytes => (int)(uploads.Store.MaxBytes / (1024 * 1024));

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
            Values = privates.EntriesOf(Correcting).ToDictionary(v => v.Key, v => (string?)v.Value);
        }
        else if (Refusal is null && askedContext is not null)
        {
            Values = (await Procedure.DefaultsAsync(askedContext, cancellationToken)).ToDictionary(v => v.Key, v => (string?)v.Value);
        }

        if (Correcting is null)
        {
            SavedDraft = await drafts.FindAsync(Code, Procedure.Type, cancellationToken);
            if (Resume && SavedDraft is null)
            {
                return NotFound();
            }

            if (Resume && MaySaveDraft)
            {
                // The draft's entries over the defaults: a private field, not kept, keeps its default (or stays empty).
                foreach (var (id, value) in SavedDrafts.ValuesOf(SavedDraft!))
                {
                    Values[id] = value;
                }
            }
        }

        return Page();
    }

    /// <summary>途中保存: the entries (not the private fields, not the files) kept as the institution's draft of the procedure.</summary>
    public async Task<IActionResult> OnPostSaveAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } stop)
        {
            return stop;
        }

        if (!MaySaveDraft)
        {
            return Correcting is null ? Page() : NotFound();
        }

        ModelState.Clear();
        var errors = await drafts.SaveAsync(Access, Procedure.Type, Form.Fields, Values, cancellationToken);
        if (errors.Count > 0)
        {
            foreach (var (field, message) in errors)
            {
                ModelState.AddModelError(field.Length == 0 ? string.Empty : $"Values.{field}", message);
            }

            SavedDraft = await drafts.FindAsync(Code, Procedure.Type, cancellationToken);
            return Page();
        }

        return Redirect(DraftLinks.Resume(Procedure) + "&saved=true");
    }

    /// <summary>削除する: the institution's draft of the procedure, the version confirmed on マイページ; 404 when it has none.</summary>
    public async Task<IActionResult> OnPostDeleteDraftAsync([FromForm] string? draftVersion, CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } stop)
        {
            return stop;
        }

        return await drafts.DeleteAsync(Code, Procedure.Type, draftVersion, cancellationToken) switch
        {
            DraftDeletion.Deleted => Redirect("/mypage?draftDeleted=true"),
            DraftDeletion.Changed => Redirect("/mypage?draftChanged=true"),
            _ => NotFound(),
        };
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
        if (check.IsValid)
        {
            Procedure.Check(check);
        }

        foreach (var (field, message) in check.Errors)
        {
            ModelState.AddModelError($"Values.{field}", message);
        }

        Values = check.Values.ToDictionary(v => v.Key, v => (string?)v.Value);

        // The rules that depend on the entries (a limit, a terminal already asked for, a date), and what they compute
        // (which documents they require), before the documents and the check page.
        var (quantity, effectiveOn) = Procedure.Columns(check.Values);
        var draftForRules = new FilingDraft(Procedure.Type, string.Empty, [], Values: check.Values, Quantity: quantity, EffectiveOn: effectiveOn);
        var context = await filings.ContextAsync(Code, draftForRules, Correcting?.Id, clock.GetUtcNow(), Access, cancellationToken);
        if (check.IsValid)
        {
            Computation = await Procedure.ComputeAsync(context, cancellationToken);
        }

        var carried = seal.Open<ProcedureDraft>(Purpose, SealOwner, Draft);
        if (Form.Documents.Count > 0)
        {
            await UploadAsync(carried?.Correcting == Correcting?.Id ? carried?.Attachments ?? [] : [], check.IsValid, cancellationToken);
        }

        var key = Guid.NewGuid();
        if (!ModelState.IsValid)
        {
            // The documents that were accepted stay with a draft even when another entry is wrong: no second upload.
            if (Kept.Count > 0)
            {
                Draft = seal.Seal(Purpose, SealOwner, new ProcedureDraft(check.Values, key, Correcting?.Id, [.. Kept]));
                ModelState.Remove(nameof(Draft));
            }

            return Page();
        }

        var refusal = await Procedure.RefusalAsync(context, cancellationToken) ?? Computation.Refusal;
        Draft = seal.Seal(Purpose, SealOwner, new ProcedureDraft(check.Values, key, Correcting?.Id, [.. Kept]));
        ModelState.Remove(nameof(Draft));
        if (refusal is not null)
        {
            ModelState.AddModelError(string.Empty, refusal);
            return Page();
        }

        CheckFields = [.. ProcedureFields.Describe(Form.Fields, check.Values), .. Computation.Lines];
        CheckDocuments = Documents(Kept);
        Checking = true;
        return Page();
    }

    /// <summary>
    /// The documents of a check: each one's new files staged (<see cref="AttachmentUploads"/>, the deferral's checks),
    /// a new choice replacing what the draft carried for that document, and every required document there — new,
    /// carried, or kept from the returned filing (unless the 差戻し said to replace it).
    /// </summary>
    private async Task UploadAsync(IReadOnlyList<StagedAttachment> carried, bool entriesValid, CancellationToken cancellationToken)
    {
        var chosen = Form.Documents.ToDictionary(d => d.Id, d => AttachmentUploads.Chosen(Request.HasFormContentType ? Request.Form.Files.GetFiles(FileField(d)) : []));
        var known = Form.Documents.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var (kept, stagedBytes) = await uploads.KeepAsync(
            Access.Person.Id, carried.Where(a => known.Contains(a.Document) && chosen[a.Document].Count == 0), cancellationToken);
        var slots = Form.Documents.Select(d => new UploadSlot(FileField(d), d.Id, chosen[d.Id], kept.Count(a => a.Document == d.Id), Math.Min(Math.Max(1, d.MaxFiles), uploads.MaxCount))).ToList();
        var outcome = await uploads.StageAsync(Access.Person.Id, slots, entriesValid, stagedBytes, cancellationToken);
        foreach (var (field, error) in outcome.Errors)
        {
            ModelState.AddModelError(field, error);
        }

        kept.AddRange(outcome.Staged.Values.SelectMany(s => s));
        Kept = kept;
        foreach (var missing in MissingDocuments(Values.ToDictionary(v => v.Key, v => v.Value ?? string.Empty), Kept))
        {
            if (ModelState.GetFieldValidationState(FileField(missing)) != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
            {
                ModelState.AddModelError(FileField(missing), ToReplace.Contains(missing.Id)
                    ? Ui.Text("{0}は差戻しで差し替えを求められています。新しい書類を添付してください（PDF、JPEG、PNG）。", Ui.Text(missing.Label))
                    : Ui.Text("{0}を添付してください（PDF、JPEG、PNG）。", Ui.Text(missing.Label)));
            }
        }
    }

    /// <summary>The required documents with no file: none new or carried, and none kept from the returned filing.</summary>
    private IEnumerable<ProcedureDocument> MissingDocuments(IReadOnlyDictionary<string, string> values, IReadOnlyList<StagedAttachment> staged) =>
        Procedure.RequiredDocuments(Form.Documents, values, Computation)
            .Concat(Form.Documents.Where(d => ToReplace.Contains(d.Id)))
            .Distinct()
            .Where(d => !staged.Any(a => a.Document == d.Id) && (ToReplace.Contains(d.Id) || !Filed.Any(a => a.Document == d.Id)));

    /// <summary>The form's file input of a document.</summary>
    public static string FileField(ProcedureDocument document) => "Documents." + document.Id;

    /// <summary>Each document with the files it will be filed with.</summary>
    private List<DocumentFiles> Documents(IReadOnlyList<StagedAttachment> staged) =>
    [
        .. Form.Documents.Select(d => staged.Any(a => a.Document == d.Id)
            ? new DocumentFiles(d, [.. staged.Where(a => a.Document == d.Id).Select(a => new DocumentFile(a.FileName, a.ContentType, a.Length))], false)
            : new DocumentFiles(d, [.. Filed.Where(a => a.Document == d.Id).Select(a => new DocumentFile(a.FileName, a.ContentType, a.Length))], true)),
    ];

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
            Kept = draft.Attachments ?? [];
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
        if (check.IsValid)
        {
            Procedure.Check(check);
        }

        Values = check.Values.ToDictionary(v => v.Key, v => (string?)v.Value);
        if (!check.IsValid)
        {
            ModelState.AddModelError(string.Empty, "入力内容に誤りがあります。入力画面で直してください。");
            return Page();
        }

        // Computed again, as the rules stand now: what is filed is what today's rules make of the entries.
        var (quantity, effectiveOn) = Procedure.Columns(check.Values);
        var draftForRules = new FilingDraft(Procedure.Type, string.Empty, [], Values: check.Values, Quantity: quantity, EffectiveOn: effectiveOn);
        Computation = await Procedure.ComputeAsync(await filings.ContextAsync(Code, draftForRules, Correcting?.Id, clock.GetUtcNow(), Access, cancellationToken), cancellationToken);
        if (Computation.Refusal is { } computed)
        {
            ModelState.AddModelError(string.Empty, computed);
            return Page();
        }

        // The documents too: a draft sealed for another filing, or without a required document, files nothing.
        var staged = draft.Attachments ?? [];
        if (staged.Any(a => !Form.Documents.Any(d => d.Id == a.Document))
            || (Form.Documents.Count > 0 && (draft.Correcting != Correcting?.Id || MissingDocuments(check.Values, staged).Any())))
        {
            ModelState.AddModelError(string.Empty, "添付書類に不足があります。入力画面で添付してください。");
            Kept = staged;
            return Page();
        }

        var fields = ProcedureFields.Describe(Form.Fields, check.Values).Concat(Computation.Lines).Concat(Documents(staged).Select(d => d.Files.Count == 0
            ? new FiledField(d.Document.Label, "なし", Choice: true)
            : new FiledField(d.Document.Label, string.Join("\n", d.Files.Select(f => f.Name)))));
        var filingDraft = new FilingDraft(
            Procedure.Type,
            JsonSerializer.Serialize(check.Values),
            [.. fields],
            Attachments: staged,
            Values: check.Values,
            Quantity: quantity,
            EffectiveOn: effectiveOn,
            Amount: Computation.Amount,
            PrivateKeys: [.. Form.Fields.Where(f => f.Private).Select(f => f.Id)]);
        var outcome = await filings.SubmitAsync(Access, filingDraft, draft.Key, draft.Correcting, cancellationToken);
        if (outcome.Filing is null)
        {
            ModelState.AddModelError(string.Empty, outcome.Refusal!);
            return Page();
        }

        // Filed: its 途中保存 has served (the reminder also leaves out a draft whose procedure was filed since).
        await drafts.DeleteAsync(Code, Procedure.Type, cancellationToken);

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
            Correcting = await db.Set<Filing>().AsNoTracking().Include(f => f.Attachments).Include(f => f.Events.OrderBy(e => e.At).ThenBy(e => e.Id))
                .AsSplitQuery().FirstOrDefaultAsync(f => f.ReceiptNumber == Correct && f.Type == procedure.Type && f.InstitutionCode == Code, cancellationToken);
            if (Correcting is null || (Correcting.State != FilingState.Returned && !confirming))
            {
                return NotFound();
            }

            Filed = Correcting.Attachments;
            ToReplace = ProcedureDocuments.ToReplace(Correcting);
            return null;
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

    /// <summary>What the check page seals: the checked entries, the one-time key, the filing being corrected, the staged documents.</summary>
    public sealed record ProcedureDraft(Dictionary<string, string> Values, Guid Key, long? Correcting, List<StagedAttachment>? Attachments = null);

    /// <summary>A document as the check page lists it: its files, new or (<paramref name="Earlier"/>) kept from the returned filing.</summary>
    public sealed record DocumentFiles(ProcedureDocument Document, IReadOnlyList<DocumentFile> Files, bool Earlier);

    public sealed record DocumentFile(string Name, string ContentType, long Length);
}
