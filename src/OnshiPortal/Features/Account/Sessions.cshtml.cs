using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Account;

/// <summary>ログイン中の端末: the account's live sessions; the person ends one of the others, or all of them.</summary>
[Authorize]
public sealed class SessionsModel(UserManager<PortalUser> users, ServerSessions sessions, AuditTrail audit, PortalDbContext db) : PageModel
{
    public IReadOnlyList<SessionView> Sessions { get; private set; } = [];

    public string? Status { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ?? Page();

    public async Task<IActionResult> OnPostEndAsync(string? id)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var current = ServerSessionStore.CurrentId(HttpContext);
        if (string.IsNullOrEmpty(id) || id == current || await sessions.EndAsync(user.Id, id) == 0)
        {
            ModelState.AddModelError(string.Empty, "指定された端末のログインは見つかりませんでした（すでに終了している可能性があります）。");
        }
        else
        {
            audit.Record("sessions.ended", user.Email!, user.InstitutionCode, new { count = 1 });
            await db.SaveChangesAsync();
            Status = "選択した端末のログインを終了しました。";
        }

        return await LoadAsync() ?? Page();
    }

    public async Task<IActionResult> OnPostEndOthersAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var ended = await sessions.EndAllAsync(user.Id, keepId: ServerSessionStore.CurrentId(HttpContext));
        audit.Record("sessions.ended", user.Email!, user.InstitutionCode, new { count = ended });
        await db.SaveChangesAsync();
        Status = ended == 0 ? "ほかにログイン中の端末はありません。" : $"ほかの端末（{ended}件）のログインを終了しました。";
        return await LoadAsync() ?? Page();
    }

    private async Task<IActionResult?> LoadAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        Sessions = await sessions.ListAsync(user.Id, ServerSessionStore.CurrentId(HttpContext));
        return null;
    }
}
