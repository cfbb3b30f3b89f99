using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.People;

namespace OnshiPortal.Features.Procedures.Road;

/// <summary>手続きの状況: the institution's road to 運用開始, one list (a vendor sees the steps delegated to it).</summary>
[Authorize]
[InstitutionPage(InstitutionRight.Read)]
public sealed class IndexModel(RoadQueries road) : PageModel
{
    public InstitutionAccess Access { get; private set; } = default!;

    public IReadOnlyList<RoadStep> Steps { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Access = InstitutionAccesses.Of(HttpContext)!;
        Steps = await road.OfAsync(Access.InstitutionCode, Access, cancellationToken);
    }
}
