using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.News;

namespace OnshiPortal.Features.Home;

[AllowAnonymous]
public sealed class IndexModel(NoticeReader news) : PageModel
{
    public List<NoticeListItem> LatestNews { get; private set; } = [];

    public bool Temporary => User.HasClaim(c => c.Type == Activation.TemporaryLogin.CredentialIdClaim);

    public bool SignedIn => User.Identity?.IsAuthenticated == true || Temporary;

    public bool BackOffice => Account.Roles.AreBackOffice(User.FindAll(System.Security.Claims.ClaimTypes.Role).Select(c => c.Value));

    public async Task OnGetAsync(CancellationToken cancellationToken) => LatestNews = await news.LatestAsync(User, cancellationToken);
}
