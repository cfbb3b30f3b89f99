using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.Account;

namespace OnshiPortal.Features.Status.Operator;

/// <summary>障害・メンテナンス情報の管理: the open incidents, the past ones, and the form that opens one (which mails those who asked).</summary>
[Authorize(Roles = Roles.BackOffice)]
public sealed class IndexModel(StatusBoard board) : PageModel
{
    [BindProperty]
    public IncidentKind Kind { get; set; }

    [BindProperty]
    public string? Title { get; set; }

    [BindProperty]
    public string? Body { get; set; }

    public List<Incident> Open { get; private set; } = [];

    public List<Incident> Past { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>掲載する: the incident opens, the banner shows on every page, the mail goes to those who asked.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        IncidentReport.Check(ModelState, nameof(Title), Title, Incident.MaxTitleLength, "件名");
        IncidentReport.Check(ModelState, nameof(Body), Body, IncidentUpdate.MaxBodyLength, "状況");
        if (ModelState[nameof(Kind)]?.Errors.Count > 0 || !Enum.IsDefined(Kind))
        {
            // A value the radios do not offer: one plain message, not the binder's.
            ModelState.Remove(nameof(Kind));
            ModelState.AddModelError(nameof(Kind), "種類を選んでください。");
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        var incident = await board.OpenAsync(Kind, Title!, Body!, User.FindFirstValue(ClaimTypes.Name) ?? "operator", cancellationToken);
        return Redirect($"/operator/status/{incident.Id}?done=opened");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Open = await board.OpenAsync(cancellationToken);
        Past = await board.PastAsync(cancellationToken);
    }
}
