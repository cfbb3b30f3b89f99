using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.News;

/// <summary>
/// An attached PDF, served by the app from the database: to everyone once its notice is visible, and to
/// operators before that (their preview). Always as a download, never rendered in the portal's origin.
/// </summary>
[AllowAnonymous]
public sealed class FileModel(PortalDbContext db, NoticeReader reader, NoticeFiles files) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, long fileId, CancellationToken cancellationToken)
    {
        var operatorView = User.IsInRole(Roles.Operator) || User.IsInRole(Roles.Admin);
        if (!operatorView && await reader.FindVisibleAsync(id, cancellationToken) is null)
        {
            return NotFound();
        }

        var attachment = await db.Set<NoticeAttachment>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == fileId && a.NoticeId == id, cancellationToken);
        return attachment is not null && await files.DownloadAsync(HttpContext, attachment, cancellationToken) is { } download
            ? download
            : NotFound();
    }
}
