using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OnshiPortal.Features.News;

/// <summary>お知らせ一覧: newest first, by category, a page at a time.</summary>
[AllowAnonymous]
public sealed class IndexModel(NoticeReader reader, NoticeBoard board) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "category")]
    public int? Category { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public List<NoticeCategory> Categories { get; private set; } = [];

    public NoticePage Result { get; private set; } = new([], 0, 1, 1);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // A category or page that is not a number is ignored rather than answered with an error.
        ModelState.Clear();
        Categories = await board.CategoriesAsync(cancellationToken);
        if (Category is { } category && Categories.All(c => c.Id != category))
        {
            Category = null;
        }

        Result = await reader.PageAsync(Category, PageNumber, User, cancellationToken);
    }

    public string PageLink(int page) => Url.Page("/News/Index", new { category = Category, page }) ?? "/news";
}
