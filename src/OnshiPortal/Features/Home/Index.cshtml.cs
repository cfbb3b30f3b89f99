using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.News;

namespace OnshiPortal.Features.Home;

[AllowAnonymous]
public sealed class IndexModel(NoticeReader news) : PageModel
{
    public List<NoticeListItem> LatestNews { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => LatestNews = await news.LatestAsync(User, cancellationToken);
}
