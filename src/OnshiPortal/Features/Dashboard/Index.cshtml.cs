using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Institutions;

namespace OnshiPortal.Features.Dashboard;

[Authorize(Roles = Roles.BackOffice)]
public sealed class IndexModel(DashboardSnapshot dashboard) : PageModel
{
    public DashboardFigures Figures { get; private set; } = default!;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Figures = await dashboard.GetAsync(cancellationToken);

    /// <summary><c>?handler=Csv&amp;table=prefectures&amp;encoding=sjis</c>: one table of the page as a file.</summary>
    public async Task<IActionResult> OnGetCsvAsync(string? table, string? encoding, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<DashboardTable>(table, ignoreCase: true, out var which) || !Enum.IsDefined(which)
            || !CsvEncodings.TryParse(encoding ?? "utf8", out var csvEncoding))
        {
            return NotFound();
        }

        var figures = await dashboard.GetAsync(cancellationToken);
        var stream = new MemoryStream();
        DashboardCsv.Write(stream, which, figures, csvEncoding);
        stream.Position = 0;
        var charset = csvEncoding == CsvEncoding.ShiftJis ? "shift_jis" : "utf-8";
        return File(stream, $"text/csv; charset={charset}", DashboardCsv.FileName(which, figures.At));
    }

    public CsvLinksModel CsvLinks(DashboardTable table, string what) =>
        new(what, CsvLink(table, CsvEncoding.Utf8), CsvLink(table, CsvEncoding.ShiftJis));

    private string CsvLink(DashboardTable table, CsvEncoding encoding) =>
        Url.Page("Index", "Csv", new { table = table.ToString().ToLowerInvariant(), encoding = encoding == CsvEncoding.ShiftJis ? "sjis" : "utf8" }) ?? string.Empty;
}
