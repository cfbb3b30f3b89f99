using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.PostalLetters.Returns;

/// <summary>
/// 返送された郵送物: the back office records a letter the post office brought back, found by the 医療機関等コード
/// printed above the window address; and lists the addresses still flagged (the master still gives them).
/// Staff only: an institution sees its own returns on マイページ.
/// </summary>
[Authorize(Roles = Roles.Staff)]
public sealed class IndexModel(PortalDbContext db, PostalReturns returns) : PageModel
{
    /// <summary>The institution whose letters are shown (from the search form, or the post that failed).</summary>
    [BindProperty(SupportsGet = true)]
    [Display(Name = "医療機関等コード")]
    public string? Code { get; set; }

    /// <summary>Set by the redirect after a return was recorded: the letter.</summary>
    [BindProperty(SupportsGet = true)]
    public long? Recorded { get; set; }

    [BindProperty]
    public long LetterId { get; set; }

    [BindProperty]
    [Display(Name = "返送の理由")]
    public PostalReturnReason? Reason { get; set; }

    public Institution? Institution { get; private set; }

    public IReadOnlyList<PostedLetter> Letters { get; private set; } = [];

    public IReadOnlyList<ReturnedAddress> Flagged { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostRecordAsync(CancellationToken cancellationToken)
    {
        if (Reason is not { } reason || !Enum.IsDefined(reason))
        {
            ModelState.AddModelError(nameof(Reason), "返送の理由を選んでください。");
        }
        else if (InstitutionCode.TryParse(Code, out var code, out _))
        {
            var refusal = await returns.RecordAsync(code.Value, LetterId, reason, User.Identity!.Name!, cancellationToken);
            if (refusal is null)
            {
                return RedirectToPage(new { code = code.Value, recorded = LetterId });
            }

            ModelState.AddModelError(string.Empty, refusal);
        }
        else
        {
            ModelState.AddModelError(string.Empty, PostalReturns.NotFound);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Flagged = await PostalReturns.FlaggedAsync(db, cancellationToken);
        if (string.IsNullOrWhiteSpace(Code))
        {
            return;
        }

        if (!InstitutionCode.TryParse(Code, out var code, out var error))
        {
            ModelState.AddModelError(nameof(Code), error ?? "医療機関等コードが正しくありません。");
            return;
        }

        Institution = await db.Institutions.AsNoTracking().SingleOrDefaultAsync(i => i.Code == code.Value, cancellationToken);
        if (Institution is null)
        {
            ModelState.AddModelError(nameof(Code), "この医療機関等コードは医療機関等マスタにありません。");
            return;
        }

        Code = code.Value;
        Letters = await returns.PostedAsync(code.Value, cancellationToken);
    }
}
