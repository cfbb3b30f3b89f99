using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure.Web;

namespace OnshiPortal.Features.Activation;

/// <summary>
/// アカウント情報編集 → 確認画面 → 確定, for a session opened with a temporary credential. One page with three
/// handlers: the entries travel through the check page in a protected hidden field (see DraftSeal), sealed to the credential that logged in.
/// </summary>
[Authorize(AuthenticationSchemes = TemporaryLogin.Scheme)]
public sealed class EditModel(ActivationService activation, DraftSeal seal) : PageModel
{
    private const string Purpose = "Activation";

    [BindProperty]
    public ActivationInput Input { get; set; } = new();

    /// <summary>The protected draft, on the check page and when coming back from it.</summary>
    [BindProperty]
    public string? Draft { get; set; }

    public bool Checking { get; private set; }

    public bool PasswordKept => !string.IsNullOrEmpty(Draft);

    public Institution Institution { get; private set; } = default!;

    public string LoginId { get; private set; } = string.Empty;

    public async Task<IActionResult> OnGetAsync(bool edit, CancellationToken cancellationToken)
    {
        var context = await LoadAsync(cancellationToken);
        if (context is null)
        {
            return await EndSessionAsync();
        }

        if (context.Pending is not null && !edit)
        {
            return RedirectToPage("Sent");
        }

        Input = new ActivationInput { Phone = Institution.Phone };
        return Page();
    }

    /// <summary>確認画面に進む (the letter's own words, 別添1 ⑤).</summary>
    public async Task<IActionResult> OnPostCheckAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is null)
        {
            return await EndSessionAsync();
        }

        // Coming back from the check page, empty password fields mean: keep the password entered before.
        var kept = OpenDraft();
        if (kept is not null && string.IsNullOrEmpty(Input.Password) && string.IsNullOrEmpty(Input.ConfirmPassword))
        {
            Input.Password = Input.ConfirmPassword = kept.Password;
        }

        // Validate what will be stored: the entries after NFKC and trimming, not as typed.
        var phoneError = Normalize();
        ModelState.Clear();
        TryValidateModel(Input, nameof(Input));
        if (phoneError is not null && ModelState.GetFieldValidationState("Input.Phone") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
        {
            ModelState.AddModelError("Input.Phone", phoneError);
        }

        // Not built from what a guesser knows of this account: the e-mail, the institution's code and name.
        if (ModelState.GetFieldValidationState("Input.Password") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid
            && Account.PasswordRules.Check(Input.Password, new Account.PasswordContext(Input.Email, Institution.Code, Institution.Name)) is { } passwordProblem)
        {
            ModelState.AddModelError("Input.Password", passwordProblem);
        }

        if (!ModelState.IsValid)
        {
            Draft = kept is null ? null : Draft;
            return Page();
        }

        Draft = SealDraft(Input.ToDraft());
        Checking = true;
        return Page();
    }

    /// <summary>入力画面に戻る: the entries come back; the password is kept without being shown.</summary>
    public async Task<IActionResult> OnPostBackAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is null)
        {
            return await EndSessionAsync();
        }

        var draft = OpenDraft();
        if (draft is null)
        {
            return RedirectToPage("Edit", new { edit = true });
        }

        ModelState.Clear();
        Input = new ActivationInput
        {
            Email = draft.Email,
            ConfirmEmail = draft.Email,
            Phone = draft.Phone,
            ContactPerson = draft.ContactPerson,
        };
        return Page();
    }

    /// <summary>上記の内容に同意して確定する.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken)
    {
        var context = await LoadAsync(cancellationToken);
        if (context is null)
        {
            return await EndSessionAsync();
        }

        var draft = OpenDraft();
        if (draft is null)
        {
            ModelState.AddModelError(string.Empty, "確認画面の有効期限（30分）が切れました。もう一度入力してください。");
            Input = new ActivationInput { Phone = Institution.Phone };
            return Page();
        }

        var refused = await activation.RequestAsync(context, draft, cancellationToken);
        if (refused is not null)
        {
            ModelState.Clear();
            ModelState.AddModelError("Input.Email", refused);
            Input = new ActivationInput { Email = draft.Email, ConfirmEmail = draft.Email, Phone = draft.Phone, ContactPerson = draft.ContactPerson };
            Draft = SealDraft(draft);
            return Page();
        }

        return RedirectToPage("Sent");
    }

    private string SealDraft(ActivationDraft draft) => seal.Seal(Purpose, BoundTo, draft);

    private ActivationDraft? OpenDraft() => seal.Open<ActivationDraft>(Purpose, BoundTo, Draft);

    private string BoundTo => User.CredentialId().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<ActivationContext?> LoadAsync(CancellationToken cancellationToken)
    {
        var context = await activation.LoadAsync(User.CredentialId(), cancellationToken);
        if (context is not null)
        {
            Institution = context.Institution;
            LoginId = context.Credential.LoginId;
        }

        return context;
    }

    /// <summary>The credential was spent, superseded or expired while the session lasted.</summary>
    private Task<IActionResult> EndSessionAsync() => TemporaryLogin.EndAsync(this);

    private string? Normalize()
    {
        Input.Email = EmailAddresses.Fold(Input.Email);
        Input.ConfirmEmail = EmailAddresses.Fold(Input.ConfirmEmail);
        var typed = Input.Phone;
        Input.Phone = TextNormalization.Phone(typed, out var phoneError);
        if (phoneError is not null)
        {
            Input.Phone = typed ?? string.Empty; // shown again as typed, beside the error
        }

        Input.ContactPerson = TextNormalization.Text(Input.ContactPerson);
        return phoneError;
    }

    public sealed class ActivationInput
    {
        [Required(ErrorMessage = "メールアドレスを入力してください。")]
        [MailAddress]
        [StringLength(256, ErrorMessage = "メールアドレスが長すぎます。")]
        public string Email { get; set; } = string.Empty;

        [Required(ErrorMessage = "確認のため、メールアドレスをもう一度入力してください。")]
        [Compare(nameof(Email), ErrorMessage = "確認用のメールアドレスが一致しません。")]
        public string ConfirmEmail { get; set; } = string.Empty;

        [Required(ErrorMessage = "パスワードを入力してください。")]
        [StringLength(128, MinimumLength = 12, ErrorMessage = "パスワードは12文字以上、128文字以内で入力してください。")]
        [NotCommonPassword]
        public string Password { get; set; } = string.Empty;

        [Required(ErrorMessage = "確認のため、パスワードをもう一度入力してください。")]
        [Compare(nameof(Password), ErrorMessage = "確認用のパスワードが一致しません。")]
        public string ConfirmPassword { get; set; } = string.Empty;

        [Required(ErrorMessage = "電話番号を入力してください。")]
        public string Phone { get; set; } = string.Empty;

        [Required(ErrorMessage = "担当者名を入力してください。")]
        [StringLength(100, ErrorMessage = "担当者名は100文字以内で入力してください。")]
        public string ContactPerson { get; set; } = string.Empty;

        public ActivationDraft ToDraft() => new(Email, Password, Phone, ContactPerson);
    }
}
