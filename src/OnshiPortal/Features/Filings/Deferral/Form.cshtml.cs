using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Procedures;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Web;

namespace OnshiPortal.Features.Filings.Deferral;

/// <summary>What the deferral form keeps with the filing (and gives back to correct a returned one).</summary>
public sealed record DeferralEntries(string Category, Dictionary<string, string> Values);

/// <summary>
/// 経過措置（猶予）届出: the category (やむを得ない事情) first, then the fields and documents that category asks for
/// (configuration, not code), the check page, the receipt. Open until the configured deadline (Japan time);
/// <c>?correct=D-...</c> corrects a returned one, also after the deadline.
/// </summary>
[Authorize]
[InstitutionPage(FilingType.Deferral)]
[RequestSizeLimit(64 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 64 * 1024 * 1024)]
public sealed class FormModel(
    PortalDbContext db,
    FilingService filings,
    AttachmentUploads uploads,
    DraftSeal seal,
    IOptions<FilingOptions> options,
    TimeProvider clock) : PageModel
{
    private const string Purpose = "Filing.Deferral";

    [BindProperty(SupportsGet = true)]
    public string? Correct { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Category { get; set; }

    /// <summary>
    /// Sent by the category form's 次へ: a GET form with no radio chosen sends nothing else, and would look like a
    /// first visit (the page reloading without a word).
    /// </summary>
    [BindProperty(SupportsGet = true)]
    public bool Choose { get; set; }

    [BindProperty]
    public Dictionary<string, string?> Values { get; set; } = [];

    [BindProperty]
    public string? Draft { get; set; }

    /// <summary>The person filing and the institution they act for (<see cref="InstitutionAccessFilter"/> resolved it).</summary>
    public InstitutionAccess Access { get; private set; } = default!;

    public PortalUser Account => Access.Person;

    public string Code => Access.InstitutionCode;

    /// <summary>The master's name, or the one the institution registered with (<see cref="InstitutionNames"/>).</summary>
    public string InstitutionName { get; private set; } = string.Empty;

    /// <summary>A check page's draft is good for the person and the institution it was made for, not for another a vendor switched to.</summary>
    private string SealOwner => Account.Id + "|" + Code;

    public Institution? Institution { get; private set; }

    public DeferralOptions Settings => options.Value.Deferral;

    public AttachmentStore Store => uploads.Store;

    public DeferralCategory? Chosen { get; private set; }

    public bool Closed { get; private set; }

    public bool Checking { get; private set; }

    public Filing? Correcting { get; private set; }

    public Filing? OpenFiling { get; private set; }

    /// <summary>Documents already uploaded (kept in the sealed draft across the check page and back).</summary>
    public IReadOnlyList<StagedAttachment> Kept { get; private set; } = [];

    public IReadOnlyList<FiledField> CheckFields { get; private set; } = [];

    public string? Value(string id) => Values.TryGetValue(id, out var value) ? value : null;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadAsync() is { } denied)
        {
            return denied;
        }

        if (Correcting is not null && Chosen is null)
        {
            var entries = JsonSerializer.Deserialize<DeferralEntries>(Correcting.Entries)!;
            Category = entries.Category;
            Chosen = Find(entries.Category);
            Values = entries.Values.ToDictionary(v => v.Key, v => (string?)v.Value);
        }

        if (!string.IsNullOrEmpty(Category) && Chosen is null)
        {
            ModelState.AddModelError(nameof(Category), "届出の区分を一覧から選んでください。");
        }
        else if (Choose && string.IsNullOrEmpty(Category) && Correcting is null)
        {
            ModelState.AddModelError(nameof(Category), "やむを得ない事情（届出の区分）を選んでください。");
        }

        return Page();
    }

    /// <summary>確認画面へ進む.</summary>
    public async Task<IActionResult> OnPostCheckAsync(List<IFormFile>? attachments, CancellationToken cancellationToken)
    {
        if (await LoadAsync() is { } denied)
        {
            return denied;
        }

        // Whether a filing can be made at all comes before anything is stored: a closed period (LoadAsync said why)
        // or a filing already open refuses the post with its uploads untouched.
        if (Closed || OpenFiling is not null)
        {
            return Page();
        }

        if (Chosen is null)
        {
            ModelState.AddModelError(nameof(Category), "届出の区分を選んでください。");
            return Page();
        }

        // This check replaces the account's earlier staging: only the documents its current draft carries stay.
        var carried = seal.Open<DeferralDraft>(Purpose, SealOwner, Draft);
        var (kept, stagedBytes) = await uploads.KeepAsync(Account.Id, carried is not null && carried.Category == Chosen.Id ? carried.Attachments : [], cancellationToken);
        Kept = kept;
        var check = DeferralRules.Check(Chosen, Values);
        foreach (var (field, message) in check.Errors)
        {
            ModelState.AddModelError($"Values.{field}", message);
        }

        var staged = new List<StagedAttachment>(Kept);
        var chosen = AttachmentUploads.Chosen(attachments);
        if (chosen.Count > 0 && Chosen.Attachments == AttachmentRule.None)
        {
            ModelState.AddModelError("Attachments", "この区分では書類の添付は不要です。");
        }
        else
        {
            var outcome = await uploads.StageAsync(Account.Id, [new UploadSlot("Attachments", string.Empty, chosen, Kept.Count, uploads.MaxCount)], ModelState.IsValid, stagedBytes, cancellationToken);
            foreach (var (key, error) in outcome.Errors)
            {
                ModelState.AddModelError(key, error);
            }

            staged.AddRange(outcome.Staged["Attachments"]);
        }

        var filed = Correcting?.Id is { } correctingId
            ? await db.Set<FilingAttachment>().CountAsync(a => a.FilingId == correctingId, cancellationToken)
            : 0;
        if (Chosen.Attachments == AttachmentRule.Required && staged.Count == 0 && filed == 0 && ModelState.GetFieldValidationState("Attachments") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
        {
            ModelState.AddModelError("Attachments", Ui.Text("{0}を添付してください（PDF、JPEG、PNG）。", Ui.Text(Chosen.AttachmentLabel)));
        }

        // Documents that were accepted stay with the draft even when another field is wrong: no second upload.
        Kept = staged;
        Values = check.Values.ToDictionary(v => v.Key, v => (string?)v.Value);
        var draft = new DeferralDraft(Chosen.Id, check.Values, check.EndsOn, staged, Guid.NewGuid(), Correcting?.Id);
        Draft = seal.Seal(Purpose, SealOwner, draft);

        // The hidden field must carry this new draft, not the one posted (which the tag helper would prefer).
        ModelState.Remove(nameof(Draft));
        if (!ModelState.IsValid)
        {
            return Page();
        }

        CheckFields = Describe(Chosen, draft, filed);
        Checking = true;
        return Page();
    }

    /// <summary>入力画面に戻る.</summary>
    public async Task<IActionResult> OnPostBackAsync()
    {
        if (await LoadAsync() is { } denied)
        {
            return denied;
        }

        ModelState.Clear();
        if (seal.Open<DeferralDraft>(Purpose, SealOwner, Draft) is { } draft)
        {
            Category = draft.Category;
            Chosen = Find(draft.Category);
            Values = draft.Values.ToDictionary(v => v.Key, v => (string?)v.Value);
            Kept = draft.Attachments;
        }

        return Page();
    }

    /// <summary>上記の内容で確定する.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(confirming: true) is { } denied)
        {
            return denied;
        }

        var draft = seal.Open<DeferralDraft>(Purpose, SealOwner, Draft);
        var category = draft is null ? null : Find(draft.Category);
        if (draft is null || category is null)
        {
            ModelState.AddModelError(string.Empty, "確認画面の有効期限（30分）が切れました。もう一度入力してください。");
            return Page();
        }

        if (Closed)
        {
            return Page();
        }

        var filed = draft.Correcting is { } correctingId ? await db.Set<FilingAttachment>().CountAsync(a => a.FilingId == correctingId, cancellationToken) : 0;
        var filingDraft = new FilingDraft(
            FilingType.Deferral,
            JsonSerializer.Serialize(new DeferralEntries(category.Id, draft.Values)),
            Describe(category, draft, filed),
            DeferralCategory: category.Id,
            DeferralEndsOn: draft.EndsOn,
            Attachments: draft.Attachments);
        var outcome = await filings.SubmitAsync(Access, filingDraft, draft.Key, draft.Correcting, cancellationToken);
        if (outcome.Filing is null)
        {
            Category = category.Id;
            Chosen = category;
            Values = draft.Values.ToDictionary(v => v.Key, v => (string?)v.Value);
            Kept = draft.Attachments;
            ModelState.AddModelError(string.Empty, outcome.Refusal!);
            return Page();
        }

        return Redirect($"/mypage/filings/{outcome.Filing.ReceiptNumber}?filed=true");
    }

    private DeferralCategory? Find(string? id) => Settings.Categories.FirstOrDefault(c => c.Id == id);

    /// <summary>The entries as the check page, the copy and the operator show them.</summary>
    private static List<FiledField> Describe(DeferralCategory category, DeferralDraft draft, int filedAttachments)
    {
        var fields = new List<FiledField> { new("届出の区分（やむを得ない事情）", category.Name, Choice: true) };
        foreach (var field in category.Fields)
        {
            var value = draft.Values.GetValueOrDefault(field.Id, string.Empty);
            if (field.Type == FieldType.Date && DeferralRules.TryParseDate(value, out var date))
            {
                value = Wareki.Date(date);
            }

            fields.Add(value.Length == 0 ? new FiledField(field.Label, "（未記入）", Choice: true) : new FiledField(field.Label, value));
        }

        if (draft.EndsOn is { } end)
        {
            fields.Add(new FiledField("経過措置の期限（受理された場合）", Wareki.Date(end)));
        }

        if (category.Attachments != AttachmentRule.None)
        {
            var names = draft.Attachments.Select(a => a.FileName).ToList();
            fields.Add(names.Count > 0 ? new FiledField(category.AttachmentLabel, string.Join("\n", names))
                : filedAttachments > 0 ? new FiledField(category.AttachmentLabel, $"前回提出した書類（{filedAttachments}件）")
                : new FiledField(category.AttachmentLabel, "なし", Choice: true));
        }

        return fields;
    }

    private async Task<IActionResult?> LoadAsync(bool confirming = false)
    {
        Access = InstitutionAccesses.Of(HttpContext)!;
        Institution = await db.Institutions.AsNoTracking().FirstOrDefaultAsync(i => i.Code == Code);
        InstitutionName = Institution?.Name ?? await InstitutionNames.OfAsync(db, Code);
        Chosen = Find(Category);

        // A self-registration nobody proved yet files nothing, and stores nothing either (docs/security.md).
        if (await PendingRegistrations.IsInstitutionPendingAsync(db, Code))
        {
            Closed = true;
            ModelState.AddModelError(string.Empty, FilingService.PendingRefusal);
            return null;
        }
        if (!string.IsNullOrEmpty(Correct))
        {
            Correcting = await db.Set<Filing>().AsNoTracking().FirstOrDefaultAsync(f =>
                f.ReceiptNumber == Correct && f.Type == FilingType.Deferral && f.InstitutionCode == Code);
            if (Correcting is null || (Correcting.State != FilingState.Returned && !confirming))
            {
                return NotFound();
            }

            return null;
        }

        // A new filing: only an active institution, only until the deadline.
        if (JapanTime.DayOf(clock.GetUtcNow()) > Settings.Deadline)
        {
            Closed = true;
            ModelState.AddModelError(string.Empty, Ui.Text("経過措置届出の受付は{0}で終了しました。", Wareki.Date(Settings.Deadline)));
            return null;
        }

        if (Institution is { Status: not InstitutionStatus.Active })
        {
            Closed = true;
            ModelState.AddModelError(string.Empty, "この医療機関等コードは廃止または承継済みのため、経過措置届出はできません。");
            return null;
        }

        if (!confirming)
        {
            var key = Filing.OpenKeyFor(Code, FilingType.Deferral);
            OpenFiling = await db.Set<Filing>().AsNoTracking().FirstOrDefaultAsync(f => f.OpenKey == key);
        }

        return null;
    }

    /// <summary>What the check page seals: the category, the entries, the end date, the documents, the one-time key.</summary>
    public sealed record DeferralDraft(string Category, Dictionary<string, string> Values, DateOnly? EndsOn, List<StagedAttachment> Attachments, Guid Key, long? Correcting);
}
