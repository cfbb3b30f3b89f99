using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.Account;

namespace OnshiPortal.Features.Registration;

/// <summary>After 上記の内容で確定する: the registration is received, and the person is told what happens next.</summary>
[Authorize]
public sealed class DoneModel(UserManager<PortalUser> users, PendingRegistrations pending) : PageModel
{
    /// <summary>The pending registration of the account (null once proven).</summary>
    public SelfRegistration? Pending { get; private set; }

    public async Task OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        Pending = user is null ? null : await pending.OfAccountAsync(user.Id, HttpContext.RequestAborted);
    }
}
