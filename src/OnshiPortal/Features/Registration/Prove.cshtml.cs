using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.Account;

namespace OnshiPortal.Features.Registration;

/// <summary>
/// 仮ID・仮パスワードで確認する: a pending self-registration proven by the institution's own letter. The letter is
/// spent by it, as アカウント登録 would spend it. Without the letter, the registrant asks for a confirmation code
/// posted to the master's address (<see cref="RegistrationPins"/>) and enters it here when it arrives.
/// </summary>
[Authorize]
[People.InstitutionPage(People.InstitutionRight.ManagePeople)]
public sealed class ProveModel(UserManager<PortalUser> users, PendingRegistrations pending, RegistrationPins pins) : PageModel
{
    [BindProperty]
    public ProveInput Input { get; set; } = new();

    /// <summary>The confirmation code entered (the second form): its own field, not bound with <see cref="Input"/>.</summary>
    [BindProperty]
    public string? Pin { get; set; }

    public SelfRegistration? Pending { get; private set; }

    /// <summary>The confirmation code asked and still usable, if any: then the page asks for it instead of offering a letter.</summary>
    public RegistrationPin? OutstandingPin { get; private set; }

    /// <summary>Set by the redirect after a request: the letter is queued.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Requested { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user?.InstitutionCode is null)
        {
            return Redirect("/mypage");
        }

        await LoadAsync(user);
        return Page();
    }

    /// <summary>「確認コードを郵送で請求する」: a letter to the master's address of the registration's code.</summary>
    public async Task<IActionResult> OnPostRequestPinAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user?.InstitutionCode is null)
        {
            return Redirect("/mypage");
        }

        ModelState.Clear();
        if (await pins.RequestAsync(user, HttpContext.RequestAborted) is { } refusal)
        {
            await LoadAsync(user);
            ModelState.AddModelError(string.Empty, refusal);
            return Page();
        }

        return Redirect("/mypage/prove?requested=true");
    }

    /// <summary>The posted code entered: proves the registration as the letter would.</summary>
    public async Task<IActionResult> OnPostPinAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user?.InstitutionCode is null)
        {
            return Redirect("/mypage");
        }

        ModelState.Clear();
        if (string.IsNullOrWhiteSpace(Pin))
        {
            await LoadAsync(user);
            ModelState.AddModelError(nameof(Pin), "確認コードを入力してください。");
            return Page();
        }

        if (await pins.ProveAsync(user, Pin, HttpContext.RequestAborted) is { } refusal)
        {
            await LoadAsync(user);
            ModelState.AddModelError(nameof(Pin), refusal);
            return Page();
        }

        return Redirect("/mypage?proven=true");
    }

    private async Task LoadAsync(PortalUser user)
    {
        Pending = await pending.OfAccountAsync(user.Id, HttpContext.RequestAborted);
        OutstandingPin = Pending is null ? null : await pins.OutstandingAsync(Pending.Id, HttpContext.RequestAborted);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user?.InstitutionCode is null)
        {
            return Redirect("/mypage");
        }

        await LoadAsync(user);
        if (Pending is null || !ModelState.IsValid)
        {
            return Page();
        }

        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (await pending.ProveWithLetterAsync(user, address, Input.LoginId, Input.Password, HttpContext.RequestAborted) is { } refusal)
        {
            ModelState.AddModelError(string.Empty, refusal);
            return Page();
        }

        return Redirect("/mypage?proven=true");
    }

    public sealed class ProveInput
    {
        [Required(ErrorMessage = "仮ID（仮メールアドレス）を入力してください。")]
        [StringLength(64, ErrorMessage = "仮IDが長すぎます。")]
        public string LoginId { get; set; } = string.Empty;

        [Required(ErrorMessage = "仮パスワードを入力してください。")]
        [StringLength(64, ErrorMessage = "仮パスワードが長すぎます。")]
        public string Password { get; set; } = string.Empty;
    }
}
