using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.Account;

namespace OnshiPortal.Features.Registration;

/// <summary>
/// 仮ID・仮パスワードで確認する: a pending self-registration proven by the institution's own letter. The letter is
/// spent by it, as アカウント登録 would spend it.
/// </summary>
[Authorize]
[People.InstitutionPage(People.InstitutionRight.ManagePeople)]
public sealed class ProveModel(UserManager<PortalUser> users, PendingRegistrations pending) : PageModel
{
    [BindProperty]
    public ProveInput Input { get; set; } = new();

    public SelfRegistration? Pending { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user?.InstitutionCode is null)
        {
            return Redirect("/mypage");
        }

        Pending = await pending.OfAccountAsync(user.Id, HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user?.InstitutionCode is null)
        {
            return Redirect("/mypage");
        }

        Pending = await pending.OfAccountAsync(user.Id, HttpContext.RequestAborted);
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
