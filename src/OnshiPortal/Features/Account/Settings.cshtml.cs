using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Account;

[Authorize]
public sealed class SettingsModel(UserManager<PortalUser> users, PortalDbContext db) : PageModel
{
    public PortalUser Account { get; private set; } = default!;

    public Institution? Institution { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        Account = user;
        Institution = user.InstitutionCode is null ? null : await db.Institutions.AsNoTracking().FirstOrDefaultAsync(i => i.Code == user.InstitutionCode);
        return Page();
    }
}
