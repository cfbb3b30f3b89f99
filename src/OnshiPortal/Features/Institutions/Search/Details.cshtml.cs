using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Institutions.Search;

[Authorize(Roles = Roles.BackOffice)]
public sealed class DetailsModel(PortalDbContext db) : PageModel
{
    private static readonly TimeZoneInfo Japan = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    public Institution Institution { get; private set; } = default!;

    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        if (!InstitutionCode.TryParse(code, out var parsed, out _))
        {
            return NotFound();
        }

        var institution = await db.Institutions.AsNoTracking().FirstOrDefaultAsync(i => i.Code == parsed.Value, cancellationToken);
        if (institution is null)
        {
            return NotFound();
        }

        Institution = institution;
        var revisions = await db.InstitutionRevisions.AsNoTracking()
            .Where(r => r.InstitutionCode == parsed.Value)
            .OrderByDescending(r => r.ChangedAt).ThenByDescending(r => r.Id)
            .ToListAsync(cancellationToken);
        var createdBy = institution.CreatedByImportRunId is { } runId
            ? await db.ImportRuns.Where(r => r.Id == runId).Select(r => r.RunBy + "（" + r.FileName + "）").FirstOrDefaultAsync(cancellationToken)
            : null;
        History =
        [
            .. revisions.Select(r => new HistoryEntry(r.ChangedAt, r.Kind, r.ChangedBy, InstitutionMapping.FromJson(r.Changes))),
            new HistoryEntry(institution.CreatedAt, RevisionKind.Created, createdBy ?? string.Empty, []),
        ];
        return Page();
    }

    public static string Date(DateOnly? date) => date?.ToString("yyyy年M月d日", CultureInfo.InvariantCulture) ?? "—";

    public static string Time(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Japan).ToString("yyyy/MM/dd HH:mm", CultureInfo.InvariantCulture);

    public sealed record HistoryEntry(DateTimeOffset ChangedAt, RevisionKind Kind, string ChangedBy, Dictionary<string, string?[]> Changes);
}
