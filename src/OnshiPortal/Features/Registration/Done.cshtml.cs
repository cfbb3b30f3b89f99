using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Filings;

namespace OnshiPortal.Features.Registration;

/// <summary>
/// After 上記の内容で確定する: the registration is received, and the person is told what happens next: マイページ, and
/// the procedures open to the account now (none while the registration waits to be proven).
/// </summary>
[Authorize]
public sealed class DoneModel(UserManager<PortalUser> users, PendingRegistrations pending, IOptions<FilingOptions> filings, TimeProvider clock) : PageModel
{
    /// <summary>The pending registration of the account (null once proven).</summary>
    public SelfRegistration? Pending { get; private set; }

    public OpenProcedures Procedures => OpenProcedures.Today(filings.Value, clock);

    public async Task OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        Pending = user is null ? null : await pending.OfAccountAsync(user.Id, HttpContext.RequestAborted);
    }
}
