using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;
using OnshiPortal.Features.Account;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Institutions.Search;

[Authorize(Roles = Roles.Staff)]
public sealed class IndexModel(InstitutionSearch search, PortalDbContext db, IStringLocalizer<Ui> text) : PageModel
{
    /// <summary>A full code whose 検証番号 does not match: the master's codes a caller may have meant (else null).</summary>
    public IReadOnlyList<InstitutionSummary>? Misheard { get; private set; }

    [BindProperty(SupportsGet = true)]
    public InstitutionSearchCriteria Criteria { get; set; } = new();

    public InstitutionSearchResult? Result { get; private set; }

    public IEnumerable<SelectListItem> PrefectureOptions =>
        Prefectures.All.Select(p => new SelectListItem($"{p.Code:00} {text[p.Name]}", p.Code.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public IEnumerable<SelectListItem> KindOptions =>
        Enum.GetValues<InstitutionKind>().Select(k => new SelectListItem(text[k.Japanese()], k.ToString()));

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // Binding errors (a prefecture that is not a number, ...) are already in ModelState in Japanese.
        foreach (var (field, message) in InstitutionSearch.Validate(Criteria))
        {
            ModelState.AddModelError($"{nameof(Criteria)}.{field}", message);
        }

        if (Criteria.IsEmpty || !ModelState.IsValid)
        {
            return;
        }

        Result = await search.SearchAsync(Criteria, cancellationToken);
        var digits = InstitutionCode.NormalizeDigits(Criteria.Code);
        if (Result.Total == 0 && MisheardCodes.CheckDigitFails(digits))
        {
            Misheard = await MisheardCodes.InMasterAsync(db, digits!, cancellationToken);
        }
    }

    public string PageLink(int page) => Url.Page("Index", new
    {
        Criteria.Code,
        Criteria.Name,
        Criteria.Phone,
        Criteria.Prefecture,
        Criteria.Kind,
        Page = page,
    }) ?? string.Empty;
}
