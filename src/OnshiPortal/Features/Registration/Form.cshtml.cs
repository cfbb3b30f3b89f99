using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure.Web;

namespace OnshiPortal.Features.Registration;

/// <summary>
/// The page the registration URL opens: 医療機関等コード (the master's data offered when it knows the code), the
/// institution's data, contact and password → 確認画面へ進む → 上記の内容で確定する.
/// </summary>
[AllowAnonymous]
public sealed class FormModel(RegistrationService registration, DraftSeal seal, SignInManager<PortalUser> signIn) : PageModel
{
    private const string Purpose = "Registration";

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public RegistrationInput Input { get; set; } = new();

    [BindProperty]
    public string? Draft { get; set; }

    public string Email { get; private set; } = string.Empty;

    public bool Checking { get; private set; }

    /// <summary>
    /// The URL is invalid because a registration was completed with it (its address has an account). The page cannot ask who is logged in: it is
    /// reached without the session cookie (<see cref="FreshSessionAtLogin"/>).
    /// </summary>
    public bool LinkUsed { get; private set; }

    public bool LinkInvalid { get; private set; }

    /// <summary>Whether the master knows the code (set on the check page).</summary>
    public bool InMaster { get; private set; }

    public async Task OnGetAsync() => await LinkAsync();

    /// <summary>コードから医療機関等の情報を表示する: fill the form from the master.</summary>
    public async Task<IActionResult> OnPostLookupAsync()
    {
        if (await LinkAsync() is null)
        {
            return Page();
        }

        ModelState.Clear();
        if (!InstitutionCode.TryParse(Input.Code, out var code, out var error))
        {
            ModelState.AddModelError("Input.Code", error!);
            return Page();
        }

        var (master, refusal) = await registration.CheckCodeAsync(code);
        Input.Code = code.Value;
        if (refusal is not null)
        {
            ModelState.AddModelError("Input.Code", refusal);
        }
        else if (master is null)
        {
            ModelState.AddModelError("Input.Code", "この医療機関等コードはまだ登録されていません。新しく開設した医療機関等の場合は、情報を入力して登録できます（支払基金で確認するまで「確認中」となります）。");
        }
        else
        {
            Input.Name = master.Name;
            Input.Founder = master.Founder;
            Input.PostalCode = master.PostalCodeDisplay;
            Input.Address = master.Address;
            Input.Phone = master.Phone;
        }

        return Page();
    }

    /// <summary>確認画面へ進む.</summary>
    public async Task<IActionResult> OnPostCheckAsync()
    {
        var link = await LinkAsync();
        if (link is null)
        {
            return Page();
        }

        var kept = seal.Open<RegistrationEntries>(Purpose, Bound(link), Draft);
        if (kept is not null && string.IsNullOrEmpty(Input.Password) && string.IsNullOrEmpty(Input.ConfirmPassword))
        {
            Input.Password = Input.ConfirmPassword = kept.Password;
        }

        var entries = await ValidateAsync();
        if (entries is null)
        {
            Draft = kept is null ? null : Draft;
            return Page();
        }

        Draft = seal.Seal(Purpose, Bound(link), entries);
        Checking = true;
        return Page();
    }

    /// <summary>入力画面に戻る.</summary>
    public async Task<IActionResult> OnPostBackAsync()
    {
        var link = await LinkAsync();
        if (link is null)
        {
            return Page();
        }

        ModelState.Clear();
        var entries = seal.Open<RegistrationEntries>(Purpose, Bound(link), Draft);
        if (entries is not null)
        {
            Input = RegistrationInput.From(entries);
        }

        return Page();
    }

    /// <summary>上記の内容で確定する.</summary>
    public async Task<IActionResult> OnPostConfirmAsync()
    {
        var link = await LinkAsync();
        if (link is null)
        {
            return Page();
        }

        var entries = seal.Open<RegistrationEntries>(Purpose, Bound(link), Draft);
        if (entries is null)
        {
            ModelState.AddModelError(string.Empty, "確認画面の有効期限（30分）が切れました。もう一度入力してください。");
            return Page();
        }

        var (account, refusal) = await registration.CompleteAsync(link.Id, entries);
        if (account is null)
        {
            Input = RegistrationInput.From(entries);
            ModelState.AddModelError(string.Empty, refusal!);
            return Page();
        }

        await signIn.SignInAsync(account, isPersistent: false);
        return RedirectToPage("Done");
    }

    /// <summary>The URL's link, or null with the page told that it is invalid.</summary>
    private async Task<RegistrationLink?> LinkAsync()
    {
        var link = await registration.FindLinkAsync(Token);
        LinkInvalid = link is null;
        LinkUsed = link is null && await registration.RegisteredWithAsync(Token);
        Email = link?.Email ?? string.Empty;
        return link;
    }

    private static string Bound(RegistrationLink link) => link.Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Normalises and checks every field; null with the errors in ModelState when something is wrong.</summary>
    private async Task<RegistrationEntries?> ValidateAsync()
    {
        ModelState.Clear();
        Input.Name = TextNormalization.Text(Input.Name);
        Input.Founder = TextNormalization.Text(Input.Founder);
        Input.Address = TextNormalization.Text(Input.Address);
        Input.ContactPerson = TextNormalization.Text(Input.ContactPerson);
        TryValidateModel(Input, nameof(Input));

        InstitutionCode code = default;
        if (!string.IsNullOrWhiteSpace(Input.Code) && !InstitutionCode.TryParse(Input.Code, out code, out var codeError))
        {
            ModelState.AddModelError("Input.Code", codeError!);
        }

        var postal = TextNormalization.PostalCode(Input.PostalCode, out var postalError);
        if (!string.IsNullOrWhiteSpace(Input.PostalCode) && postalError is not null)
        {
            ModelState.AddModelError("Input.PostalCode", postalError);
        }

        var phone = TextNormalization.Phone(Input.Phone, out var phoneError);
        if (!string.IsNullOrWhiteSpace(Input.Phone) && phoneError is not null)
        {
            ModelState.AddModelError("Input.Phone", phoneError);
        }

        if (code.Value is not null && ModelState.GetFieldValidationState("Input.Code") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
        {
            var (master, refusal) = await registration.CheckCodeAsync(code);
            if (refusal is not null)
            {
                ModelState.AddModelError("Input.Code", refusal);
            }

            InMaster = master is not null;
            Input.Code = code.Value;
        }

        // Not built from what a guesser knows of this account: the e-mail, the institution's code and name.
        if (ModelState.GetFieldValidationState("Input.Password") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid
            && PasswordRules.Check(Input.Password, new PasswordContext(Email, Input.Code, Input.Name)) is { } passwordProblem)
        {
            ModelState.AddModelError("Input.Password", passwordProblem);
        }

        if (!ModelState.IsValid)
        {
            return null;
        }

        Input.PostalCode = postal;
        Input.Phone = phone;
        return new RegistrationEntries(code.Value!, Input.Name, Input.Founder, postal, Input.Address, phone, Input.ContactPerson, Input.Password);
    }

    public sealed class RegistrationInput
    {
        [Required(ErrorMessage = "医療機関等コードを入力してください。")]
        public string Code { get; set; } = string.Empty;

        [Required(ErrorMessage = "医療機関等の名称を入力してください。")]
        [StringLength(200, ErrorMessage = "名称は200文字以内で入力してください。")]
        public string Name { get; set; } = string.Empty;

        [Required(ErrorMessage = "開設者を入力してください。")]
        [StringLength(200, ErrorMessage = "開設者は200文字以内で入力してください。")]
        public string Founder { get; set; } = string.Empty;

        [Required(ErrorMessage = "郵便番号を入力してください。")]
        public string PostalCode { get; set; } = string.Empty;

        [Required(ErrorMessage = "所在地を入力してください。")]
        [StringLength(300, ErrorMessage = "所在地は300文字以内で入力してください。")]
        public string Address { get; set; } = string.Empty;

        [Required(ErrorMessage = "電話番号を入力してください。")]
        public string Phone { get; set; } = string.Empty;

        [Required(ErrorMessage = "担当者名を入力してください。")]
        [StringLength(100, ErrorMessage = "担当者名は100文字以内で入力してください。")]
        public string ContactPerson { get; set; } = string.Empty;

        [Required(ErrorMessage = "パスワードを入力してください。")]
        [StringLength(128, MinimumLength = 12, ErrorMessage = "パスワードは12文字以上、128文字以内で入力してください。")]
        [NotCommonPassword]
        public string Password { get; set; } = string.Empty;

        [Required(ErrorMessage = "確認のため、パスワードをもう一度入力してください。")]
        [Compare(nameof(Password), ErrorMessage = "確認用のパスワードが一致しません。")]
        public string ConfirmPassword { get; set; } = string.Empty;

        public static RegistrationInput From(RegistrationEntries entries) => new()
        {
            Code = entries.Code,
            Name = entries.Name,
            Founder = entries.Founder,
            PostalCode = entries.PostalCode.Length == 7 ? $"{entries.PostalCode[..3]}-{entries.PostalCode[3..]}" : entries.PostalCode,
            Address = entries.Address,
            Phone = entries.Phone,
            ContactPerson = entries.ContactPerson,
        };
    }
}
