using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.CallCentre;

/// <summary>
/// One institution for the call centre: master data and its history, the account's state, the temporary credentials,
/// the letters mailed and posted (a reissue's letter among them: it leaves through the print queue, never downloaded
/// here), the filings, the audit trail, and the actions the operator may take.
/// </summary>
[Authorize(Roles = Roles.Staff)]
public sealed class DetailsModel(PortalDbContext db, Procedures.Road.RoadQueries road, TimeProvider clock) : PageModel
{
    /// <summary>Set by the redirect after an action: its slug.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public InstitutionFile Case { get; private set; } = default!;

    public Institution Institution => Case.Institution;

    public DateTimeOffset Now { get; private set; }

    public IReadOnlyList<HistoryEntry> History { get; private set; } = [];

    /// <summary>手続きの状況: the same road the institution sees on マイページ.</summary>
    public IReadOnlyList<Procedures.Road.RoadStep> Road { get; private set; } = [];

    /// <summary>The letters of the print queue for this code, as the institution sees them on マイページ.</summary>
    public OnshiPortal.Features.PostalLetters.LettersOfInstitution Posted { get; private set; } = new([], null);

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken cancellationToken)
    {
        if (!InstitutionCode.TryParse(code, out var parsed, out _))
        {
            return NotFound();
        }

        Now = clock.GetUtcNow();
        var file = await InstitutionFile.LoadAsync(db, parsed.Value, Now, cancellationToken);
        if (file is null)
        {
            return NotFound();
        }

        Case = file;
        Road = await road.OfAsync(parsed.Value, null, cancellationToken);
        Posted = await OnshiPortal.Features.PostalLetters.InstitutionLetters.OfAsync(db, parsed.Value, cancellationToken);
        var institution = file.Institution;
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

    public CallCentreAction? DoneAction => CallCentreActions.FromSlug(Done);

    public static string Date(DateOnly? date) => date?.ToString("yyyy年M月d日", CultureInfo.InvariantCulture) ?? "—";

    public static string Time(DateTimeOffset at) =>
        JapanTime.Compact(at);

    public static string Time(DateTimeOffset? at) => at is { } value ? Time(value) : "—";

    /// <summary>The reason an operator gave, out of the audit entry's details; empty for entries without one.</summary>
    public static string ReasonOf(string details)
    {
        if (string.IsNullOrEmpty(details) || !details.Contains("\"reason\"", StringComparison.Ordinal))
        {
            return string.Empty;
        }

        using var json = JsonDocument.Parse(details);
        return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("reason", out var reason)
            ? reason.GetString() ?? string.Empty
            : string.Empty;
    }

    public sealed record HistoryEntry(DateTimeOffset ChangedAt, RevisionKind Kind, string ChangedBy, Dictionary<string, string?[]> Changes);
}
