using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.Account;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.People;

/// <summary>職員の管理: the institution's people with their roles and states, the open invitations, and the invitation form.</summary>
[Authorize]
[InstitutionPage(InstitutionRight.ManagePeople)]
public sealed class IndexModel(InstitutionPeople people) : PageModel
{
    [BindProperty]
    public InviteInput Input { get; set; } = new();

    /// <summary>Resolved by <see cref="InstitutionAccessFilter"/>, which runs after the page model's own filter methods.</summary>
    public InstitutionAccess Access => InstitutionAccesses.Of(HttpContext)!;

    public IReadOnlyList<PortalUser> People { get; private set; } = [];

    public IReadOnlyList<Invitation> Invitations { get; private set; } = [];

    /// <summary>What was just done (shown as a status message after the redirect).</summary>
    [TempData]
    public string? Status { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostInviteAsync()
    {
        if (ModelState.IsValid)
        {
            var email = EmailAddresses.Fold(Input.Email);
            if (await people.InviteAsync(Access, email, Input.DisplayName.Trim(), Input.Role!.Value, HttpContext.RequestAborted) is { } refusal)
            {
                ModelState.AddModelError(string.Empty, refusal);
            }
            else
            {
                Status = Infrastructure.Localization.Ui.Text("{0} あてに招待のメールを送信しました（24時間有効）。", email);
                return RedirectToPage();
            }
        }

        await LoadAsync();
        return Page();
    }

    public Task<IActionResult> OnPostRoleAsync(string personId, InstitutionRole role) =>
        DoAsync(people.ChangeRoleAsync(Access, personId, role, HttpContext.RequestAborted), "権限を変更しました。", personId);

    public Task<IActionResult> OnPostSuspendAsync(string personId) =>
        DoAsync(people.SuspendAsync(Access, personId, HttpContext.RequestAborted), "利用を停止しました。その方のログインはすべて終了しました。", personId);

    public Task<IActionResult> OnPostLiftAsync(string personId) =>
        DoAsync(people.LiftAsync(Access, personId, HttpContext.RequestAborted), "利用を再開しました。");

    public Task<IActionResult> OnPostRemoveAsync(string personId) =>
        DoAsync(people.RemoveAsync(Access, personId, HttpContext.RequestAborted), "削除しました。その方のログインはすべて終了しました。", personId);

    public Task<IActionResult> OnPostRevokeAsync(long invitationId) =>
        DoAsync(people.RevokeInvitationAsync(Access, invitationId, HttpContext.RequestAborted), "招待を取り消しました。");

    /// <param name="personId">Whom it was done to: a 管理者 who changed their own role has no people page any more.</param>
    private async Task<IActionResult> DoAsync(Task<string?> action, string done, string? personId = null)
    {
        ModelState.Clear();
        if (await action is { } refusal)
        {
            ModelState.AddModelError(string.Empty, refusal);
            await LoadAsync();
            return Page();
        }

        Status = done;
        return personId == Access.Person.Id ? Redirect("/mypage") : RedirectToPage();
    }

    private async Task LoadAsync()
    {
        People = await people.OfAsync(Access.InstitutionCode, HttpContext.RequestAborted);
        Invitations = await people.OpenInvitationsAsync(Access.InstitutionCode, HttpContext.RequestAborted);
    }

    public sealed class InviteInput
    {
        [Required(ErrorMessage = "氏名を入力してください。")]
        [StringLength(100, ErrorMessage = "氏名は100文字以内で入力してください。")]
        public string DisplayName { get; set; } = string.Empty;

        [Required(ErrorMessage = "メールアドレスを入力してください。")]
        [MailAddress]
        [StringLength(256, ErrorMessage = "メールアドレスが長すぎます。")]
        public string Email { get; set; } = string.Empty;

        [Required(ErrorMessage = "権限を選んでください。")]
        public InstitutionRole? Role { get; set; }
    }
}
