using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OnshiPortal.Features.News;

/// <summary>One notice; opening it marks it read for an institution's account.</summary>
[AllowAnonymous]
public sealed class DetailsModel(NoticeReader reader) : PageModel
{
    public NoticeView Notice { get; private set; } = default!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        var notice = await reader.FindVisibleAsync(id, cancellationToken);
        if (notice is null)
        {
            return NotFound();
        }

        Notice = NoticeView.Of(notice);
        await reader.MarkReadAsync(id, User, cancellationToken);
        return Page();
    }
}
