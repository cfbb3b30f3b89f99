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

    /// <summary>From <c>?page=</c>, read by hand: "page" is the route value Razor Pages keeps the page's name in.</summary>
    public int PageNumber { get; private set; } = 1;

    public List<NoticeCategory> Categories { get; private set; } = [];

    public NoticePage Result { get; private set; } = new([], 0, 1, 1);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // A category or page that is not a number is ignored rather than answered with an error.
        ModelState.Clear();
        PageNumber = int.TryParse(Request.Query["page"], out var number) ? number : 1;
        Categories = await board.CategoriesAsync(cancellationToken);
        if (Category is { } category && Categories.All(c => c.Id != category))
        {
            Category = null;
        }

        Result = await reader.PageAsync(Category, PageNumber, User, cancellationToken);
    }

    public string PageLink(int page) => Category is { } category
        ? $"/news?category={category}&page={page}"
        : $"/news?page={page}";
}
