using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.Account;

namespace OnshiPortal.Features.Status.Operator;

/// <summary>One incident: its reports as /status shows them, a new report, and 復旧 (which sends the all-clear by itself).</summary>
[Authorize(Roles = Roles.BackOffice)]
public sealed class DetailsModel(StatusBoard board) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    [BindProperty]
    public string? Update { get; set; }

    [BindProperty]
    public string? Resolution { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public Incident Incident { get; private set; } = default!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    /// <summary>報告を追加する: shown on /status at once (no mail: the opening and the all-clear are the mails).</summary>
    public async Task<IActionResult> OnPostUpdateAsync(CancellationToken cancellationToken) =>
        await ReportAsync(nameof(Update), Update, resolves: false, cancellationToken);

    /// <summary>復旧にする: the last report, the banner gone, the all-clear mailed.</summary>
    public async Task<IActionResult> OnPostResolveAsync(CancellationToken cancellationToken) =>
        await ReportAsync(nameof(Resolution), Resolution, resolves: true, cancellationToken);

    private async Task<IActionResult> ReportAsync(string key, string? body, bool resolves, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        IncidentReport.Check(ModelState, key, body, IncidentUpdate.MaxBodyLength, resolves ? "復旧の報告" : "報告");
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var by = User.FindFirstValue(ClaimTypes.Name) ?? "operator";
        var done = resolves ? await board.ResolveAsync(Id, body!, by, cancellationToken) : await board.PostAsync(Id, body!, by, cancellationToken);
        if (!done)
        {
            ModelState.AddModelError(string.Empty, "この障害・メンテナンスは復旧済みです。");
            await LoadAsync(cancellationToken);
            return Page();
        }

        return Redirect($"/operator/status/{Id}?done={(resolves ? "resolved" : "updated")}");
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if (await board.FindAsync(Id, cancellationToken) is not { } incident)
        {
            return false;
        }

        Incident = incident;
        return true;
    }
}
