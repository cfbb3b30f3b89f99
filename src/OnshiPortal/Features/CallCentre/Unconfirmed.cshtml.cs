using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.CallCentre;

/// <summary>
/// Self-registrations of codes the master did not have, not confirmed yet: those the master has caught up with are
/// ready to confirm on their institution's page; the others wait for the next import.
/// </summary>
[Authorize(Roles = Roles.BackOffice)]
public sealed class UnconfirmedModel(PortalDbContext db) : PageModel
{
    /// <summary>Rows shown; a backlog longer than this is a master import to run, not a list to read.</summary>
    public const int Limit = 500;

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var registrations = await db.Set<SelfRegistration>().AsNoTracking()
            .Where(r => !r.InMaster && r.ConfirmedAt == null)
            .OrderBy(r => r.Id)
            .Take(Limit)
            .Select(r => new { r.InstitutionCode, r.Name, r.Founder, r.CreatedAt })
            .ToListAsync(cancellationToken);
        var codes = registrations.Select(r => r.InstitutionCode).Distinct().ToList();
        var inMaster = (await db.Institutions.Where(i => codes.Contains(i.Code)).Select(i => i.Code).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        Rows = [.. registrations
            .Select(r => new Row(r.InstitutionCode, r.Name, r.Founder, r.CreatedAt, inMaster.Contains(r.InstitutionCode)))
            .OrderByDescending(r => r.InMasterNow)];
    }

    public sealed record Row(string Code, string Name, string Founder, DateTimeOffset RegisteredAt, bool InMasterNow);
}
