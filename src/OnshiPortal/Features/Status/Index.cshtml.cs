using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OnshiPortal.Features.Status;

/// <summary>障害・メンテナンス情報: what is wrong now, and what was in the last 90 days; open to everyone, logged in or not.</summary>
[AllowAnonymous]
public sealed class IndexModel(StatusBoard board) : PageModel
{
    public List<Incident> Open { get; private set; } = [];

    public List<Incident> Past { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Open = await board.OpenAsync(cancellationToken);
        Past = await board.PastAsync(cancellationToken);
    }
}
