using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.CallCentre;

/// <summary>
/// 未確認: self-registrations nobody has proven yet. Those of codes the master has are proven on their institution's
/// page after a call-back to the master's phone (or refused); those of codes it lacks wait for the next import.
/// </summary>
[Authorize(Roles = Roles.BackOffice)]
public sealed class UnconfirmedModel(PortalDbContext db) : PageModel
{
    /// <summary>Rows shown; a backlog longer than this is a master import to run, not a list to read.</summary>
    public const int Limit = 500;

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var registrations = await PendingRegistrations.All(db).AsNoTracking()
            .OrderBy(r => r.Id)
            .Take(Limit)
            .Select(r => new { r.InstitutionCode, r.Name, r.Founder, r.CreatedAt, Email = db.Users.Where(u => u.Id == r.UserId).Select(u => u.Email).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        var codes = registrations.Select(r => r.InstitutionCode).Distinct().ToList();
        var inMaster = (await db.Institutions.Where(i => codes.Contains(i.Code)).Select(i => i.Code).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        Rows = [.. registrations
            .Select(r => new Row(r.InstitutionCode, r.Name, r.Founder, r.Email ?? string.Empty, r.CreatedAt, inMaster.Contains(r.InstitutionCode)))
            .OrderByDescending(r => r.InMasterNow)];
    }

    public sealed record Row(string Code, string Name, string Founder, string Email, DateTimeOffset RegisteredAt, bool InMasterNow);
}
