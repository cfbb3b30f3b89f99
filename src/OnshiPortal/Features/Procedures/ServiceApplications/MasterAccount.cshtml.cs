using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.People;

namespace OnshiPortal.Features.Procedures.ServiceApplications;

/// <summary>
/// マスタアカウント通知 on マイページ: its state for everyone of the institution (and a vendor acting for it), the
/// download for its 管理者 and 担当者 only, once.
/// </summary>
[Authorize]
[InstitutionPage(InstitutionRight.Read)]
public sealed class MasterAccountModel(MasterAccountNotices notices) : PageModel
{
    public InstitutionAccess Access { get; private set; } = default!;

    public MasterAccountState? State { get; private set; }

    public bool MayDownload => MasterAccountNotices.MayDownload(Access);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Access = InstitutionAccesses.Of(HttpContext)!;
        State = await notices.StateAsync(Access.InstitutionCode, cancellationToken);
    }

    /// <summary>A POST, not a link: it changes what is stored (the passwords are gone after it), and a prefetch must not spend it.</summary>
    public async Task<IActionResult> OnPostDownloadAsync(CancellationToken cancellationToken)
    {
        Access = InstitutionAccesses.Of(HttpContext)!;
        if (!MayDownload)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var (file, refusal) = await notices.DownloadAsync(Access, cancellationToken);
        if (file is null)
        {
            ModelState.AddModelError(string.Empty, refusal ?? MasterAccountNotices.NoneReady);
            State = await notices.StateAsync(Access.InstitutionCode, cancellationToken);
            return Page();
        }

        return File(file.Content, "text/plain; charset=utf-8", file.FileName);
    }
}
