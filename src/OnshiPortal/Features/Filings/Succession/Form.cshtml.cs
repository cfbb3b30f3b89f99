using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Filings.Deferral;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Web;

namespace OnshiPortal.Features.Filings.Succession;

/// <summary>
/// オンライン資格確認関係 保険医療機関等承継届出 (the seed's 別添2 back page, ④⑤): filed from the old code's account;
/// input → 確認画面へ進む → 上記の内容で確定する → the receipt. <c>?correct=S-...</c> corrects a returned one.
/// </summary>
[Authorize]
[InstitutionPage(FilingType.Succession)]
public sealed class FormModel(PortalDbContext db, FilingService filings, DraftSeal seal) : PageModel
{
    private const string Purpose = "Filing.Succession";

    [BindProperty(SupportsGet = true)]
    public string? Correct { get; set; }

    [BindProperty]
    public SuccessionInput Input { get; set; } = new();

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

    public bool Checking { get; private set; }

    /// <summary>The returned filing being corrected.</summary>
    public Filing? Correcting { get; private set; }

    /// <summary>An open succession of this code (not the one being corrected): the form is not offered.</summary>
    public Filing? OpenFiling { get; private set; }

    public IReadOnlyList<FiledField> CheckFields { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (await LoadAsync() is { } denied)
        {
            return denied;
        }

        if (Correcting is not null)
        {
            Input = SuccessionInput.From(JsonSerializer.Deserialize<SuccessionEntries>(Correcting.Entries)!);
        }

        return Page();
    }

    /// <summary>確認画面へ進む.</summary>
    public async Task<IActionResult> OnPostCheckAsync()
    {
        if (await LoadAsync() is { } denied)
        {
            return denied;
        }

        var entries = await ValidateAsync();
        if (entries is null)
        {
            return Page();
        }

        Draft = seal.Seal(Purpose, SealOwner, new SuccessionDraft(entries, Guid.NewGuid(), Correcting?.Id));
        CheckFields = entries.Describe();
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
        if (seal.Open<SuccessionDraft>(Purpose, SealOwner, Draft) is { } draft)
        {
            Input = SuccessionInput.From(draft.Entries);
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

        var draft = seal.Open<SuccessionDraft>(Purpose, SealOwner, Draft);
        if (draft is null)
        {
            ModelState.AddModelError(string.Empty, "確認画面の有効期限（30分）が切れました。もう一度入力してください。");
            return Page();
        }

        var entries = draft.Entries;
        var filingDraft = new FilingDraft(
            FilingType.Succession,
            JsonSerializer.Serialize(entries),
            entries.Describe(),
            SuccessorCode: entries.NewCode);
        var outcome = await filings.SubmitAsync(Access, filingDraft, draft.Key, draft.Correcting, cancellationToken);
        if (outcome.Filing is null)
        {
            Input = SuccessionInput.From(entries);
            ModelState.AddModelError(string.Empty, outcome.Refusal!);
            return Page();
        }

        return Redirect($"/mypage/filings/{outcome.Filing.ReceiptNumber}?filed=true");
    }

    /// <summary>The account, its institution, and the filing being corrected or already open; a response when the page cannot be used.</summary>
    private async Task<IActionResult?> LoadAsync(bool confirming = false)
    {
        Access = InstitutionAccesses.Of(HttpContext)!;
        Institution = await db.Institutions.AsNoTracking().FirstOrDefaultAsync(i => i.Code == Code);
        InstitutionName = Institution?.Name ?? await InstitutionNames.OfAsync(db, Code);
        if (!string.IsNullOrEmpty(Correct))
        {
            Correcting = await db.Set<Filing>().AsNoTracking().FirstOrDefaultAsync(f =>
                f.ReceiptNumber == Correct && f.Type == FilingType.Succession && f.InstitutionCode == Code);
            if (Correcting is null || (Correcting.State != FilingState.Returned && !confirming))
            {
                return NotFound();
            }
        }
        else if (!confirming)
        {
            var key = Filing.OpenKeyFor(Code, FilingType.Succession);
            OpenFiling = await db.Set<Filing>().AsNoTracking().FirstOrDefaultAsync(f => f.OpenKey == key);
        }

        return null;
    }

    private async Task<SuccessionEntries?> ValidateAsync()
    {
        ModelState.Clear();
        Input.NewName = TextNormalization.Text(Input.NewName);
        Input.NewFounder = TextNormalization.Text(Input.NewFounder);
        Input.NewAddress = TextNormalization.Text(Input.NewAddress);
        Input.ReasonOther = TextNormalization.Text(Input.ReasonOther);
        Input.ContactPerson = TextNormalization.Text(Input.ContactPerson);
        TryValidateModel(Input, nameof(Input));

        InstitutionCode newCode = default;
        if (!string.IsNullOrWhiteSpace(Input.NewCode))
        {
            if (!InstitutionCode.TryParse(Input.NewCode, out newCode, out var codeError))
            {
                ModelState.AddModelError("Input.NewCode", codeError!);
            }
            else
            {
                Input.NewCode = newCode.Value;
                if (await SuccessionRules.RefusalAsync(db, Code, newCode) is { } refusal)
                {
                    ModelState.AddModelError("Input.NewCode", refusal);
                }
            }
        }

        DateOnly validFrom = default;
        if (!string.IsNullOrWhiteSpace(Input.ValidFrom) && !DeferralRules.TryParseDate(Input.ValidFrom, out validFrom))
        {
            ModelState.AddModelError("Input.ValidFrom", "新しいコードの有効開始日は「2023-04-01」の形で、正しい日付を入力してください。");
        }

        if (!string.IsNullOrEmpty(Input.Reason) && SuccessionEntries.Reasons.All(r => r.Id != Input.Reason))
        {
            ModelState.AddModelError("Input.Reason", "承継の理由を一覧から選んでください。");
        }
        else if (Input.Reason == "other" && Input.ReasonOther.Length == 0)
        {
            ModelState.AddModelError("Input.ReasonOther", "「その他」を選んだ場合は、承継の理由を入力してください。");
        }

        var postal = TextNormalization.PostalCode(Input.NewPostalCode, out var postalError);
        if (!string.IsNullOrWhiteSpace(Input.NewPostalCode) && postalError is not null)
        {
            ModelState.AddModelError("Input.NewPostalCode", postalError);
        }

        var phone = TextNormalization.Phone(Input.ContactPhone, out var phoneError);
        if (!string.IsNullOrWhiteSpace(Input.ContactPhone) && phoneError is not null)
        {
            ModelState.AddModelError("Input.ContactPhone", phoneError);
        }

        if (!ModelState.IsValid)
        {
            return null;
        }

        Input.ValidFrom = validFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return new SuccessionEntries(
            newCode.Value, validFrom, Input.Reason, Input.Reason == "other" ? Input.ReasonOther : string.Empty,
            Input.NewName, Input.NewFounder, postal, Input.NewAddress, Input.ContactPerson, phone);
    }

    /// <summary>What the check page seals: the entries, the one-time key of this submission, and the filing corrected.</summary>
    public sealed record SuccessionDraft(SuccessionEntries Entries, Guid Key, long? Correcting);

    public sealed class SuccessionInput
    {
        [Required(ErrorMessage = "新しい医療機関等コードを入力してください。")]
        public string NewCode { get; set; } = string.Empty;

        [Required(ErrorMessage = "新しいコードの有効開始日を入力してください。")]
        public string ValidFrom { get; set; } = string.Empty;

        [Required(ErrorMessage = "承継の理由を選んでください。")]
        public string Reason { get; set; } = string.Empty;

        [StringLength(200, ErrorMessage = "その他の理由は200文字以内で入力してください。")]
        public string ReasonOther { get; set; } = string.Empty;

        [Required(ErrorMessage = "新しい医療機関等の名称を入力してください。")]
        [StringLength(200, ErrorMessage = "名称は200文字以内で入力してください。")]
        public string NewName { get; set; } = string.Empty;

        [Required(ErrorMessage = "新しい開設者を入力してください。")]
        [StringLength(200, ErrorMessage = "開設者は200文字以内で入力してください。")]
        public string NewFounder { get; set; } = string.Empty;

        [Required(ErrorMessage = "新しい所在地の郵便番号を入力してください。")]
        public string NewPostalCode { get; set; } = string.Empty;

        [Required(ErrorMessage = "新しい所在地を入力してください。")]
        [StringLength(300, ErrorMessage = "所在地は300文字以内で入力してください。")]
        public string NewAddress { get; set; } = string.Empty;

        [Required(ErrorMessage = "担当者名を入力してください。")]
        [StringLength(100, ErrorMessage = "担当者名は100文字以内で入力してください。")]
        public string ContactPerson { get; set; } = string.Empty;

        [Required(ErrorMessage = "担当者の電話番号を入力してください。")]
        public string ContactPhone { get; set; } = string.Empty;

        public static SuccessionInput From(SuccessionEntries entries) => new()
        {
            NewCode = entries.NewCode,
            ValidFrom = entries.ValidFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Reason = entries.Reason,
            ReasonOther = entries.ReasonOther,
            NewName = entries.NewName,
            NewFounder = entries.NewFounder,
            NewPostalCode = entries.PostalCodeDisplay,
            NewAddress = entries.NewAddress,
            ContactPerson = entries.ContactPerson,
            ContactPhone = entries.ContactPhone,
        };
    }
}
