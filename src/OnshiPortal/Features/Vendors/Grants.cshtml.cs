using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Vendors;

/// <summary>The grant form's fields.</summary>
public sealed class GrantInput
{
    [Required(ErrorMessage = "ベンダーの担当者のメールアドレスを入力してください。")]
    [MailAddress]
    [StringLength(256, ErrorMessage = "メールアドレスが長すぎます。")]
    public string Email { get; set; } = string.Empty;

    [Required(ErrorMessage = "ベンダーの担当者の氏名を入力してください。")]
    [StringLength(100, ErrorMessage = "氏名は100文字以内で入力してください。")]
    public string DisplayName { get; set; } = string.Empty;

    [Required(ErrorMessage = "会社名を入力してください。")]
    [StringLength(100, ErrorMessage = "会社名は100文字以内で入力してください。")]
    public string Company { get; set; } = string.Empty;

    public List<FilingType> Procedures { get; set; } = [];

    public DateOnly? EndsOn { get; set; }
}

/// <summary>
/// ベンダーへの委任 (/mypage/vendors): the institution's delegations with their state, renew and revoke on each, and
/// the form that invites a vendor's person. 管理者 only, page and handlers alike.
/// </summary>
[Authorize]
[InstitutionPage(InstitutionRight.ManagePeople)]
public sealed class GrantsModel(VendorGrants grants, PortalDbContext db) : PageModel
{
    [BindProperty]
    public GrantInput Input { get; set; } = new();

    /// <summary>What the redirect after a change says was done (invited, renewed, revoked).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public InstitutionAccess Access { get; private set; } = default!;

    public IReadOnlyList<DelegationRow> Rows { get; private set; } = [];

    /// <summary>The institution's self-registration waits to be proven: nothing can be delegated yet.</summary>
    public bool Pending { get; private set; }

    public DateOnly Today => grants.Today;

    public DateOnly LatestEnd => grants.LatestEnd;

    public string? DoneMessage => Done switch
    {
        "invited" => "委任の案内メールを送信しました。ベンダーの担当者が24時間以内にメールのURLから受け入れると、委任が有効になります。",
        "renewed" => "委任の期限を更新しました。",
        "revoked" => "委任を取り消しました。この担当者は、この医療機関等の手続きをただちに行えなくなりました。",
        "invitation-revoked" => "招待を取り消しました。案内メールのURLは使えなくなりました。",
        _ => null,
    };

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>委任する.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Input.Email = EmailAddresses.Fold(Input.Email);
        Input.DisplayName = Input.DisplayName?.Trim() ?? string.Empty;
        Input.Company = Input.Company?.Trim() ?? string.Empty;
        ModelState.Clear();
        var valid = TryValidateModel(Input, nameof(Input));
        await LoadAsync(cancellationToken);
        if (!valid)
        {
            // The end date and the procedures are checked with the rest, so that one round shows every mistake.
            if (Input.Procedures.Count == 0)
            {
                ModelState.AddModelError("Input.Procedures", "委任する手続きを1つ以上選んでください。");
            }

            if (grants.EndDateRefusal(Input.EndsOn) is { } endRefusal)
            {
                ModelState.AddModelError("Input.EndsOn", endRefusal);
            }

            return Page();
        }

        var refusals = await grants.GrantAsync(Access, new GrantRequest(Input.Email, Input.DisplayName, Input.Company, Input.Procedures, Input.EndsOn), cancellationToken);
        foreach (var (field, message) in refusals)
        {
            ModelState.AddModelError(field.Length == 0 ? string.Empty : "Input." + field, message);
        }

        return refusals.Count > 0 ? Page() : RedirectToPage(new { done = "invited" });
    }

    /// <summary>更新する: a new end date for one delegation.</summary>
    public async Task<IActionResult> OnPostRenewAsync(long id, DateOnly? renewEndsOn, CancellationToken cancellationToken) =>
        await AfterAsync(await grants.RenewAsync(Access = InstitutionAccesses.Of(HttpContext)!, id, renewEndsOn, cancellationToken), "renewed", cancellationToken);

    /// <summary>取り消す: the delegation ends now.</summary>
    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken cancellationToken) =>
        await AfterAsync(await grants.RevokeAsync(Access = InstitutionAccesses.Of(HttpContext)!, id, cancellationToken), "revoked", cancellationToken);

    /// <summary>招待を取り消す: the mailed link stops working.</summary>
    public async Task<IActionResult> OnPostRevokeInvitationAsync(long id, CancellationToken cancellationToken) =>
        await AfterAsync(await grants.RevokeInvitationAsync(Access = InstitutionAccesses.Of(HttpContext)!, id, cancellationToken), "invitation-revoked", cancellationToken);

    private async Task<IActionResult> AfterAsync(string? refusal, string done, CancellationToken cancellationToken)
    {
        if (refusal is null)
        {
            return RedirectToPage(new { done });
        }

        ModelState.Clear();
        ModelState.AddModelError(string.Empty, refusal);
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Access = InstitutionAccesses.Of(HttpContext)!;
        Rows = await grants.ListAsync(Access.InstitutionCode, cancellationToken);
        Pending = await PendingRegistrations.IsInstitutionPendingAsync(db, Access.InstitutionCode, cancellationToken);
    }
}
