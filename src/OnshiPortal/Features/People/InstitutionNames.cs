using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.People;

/// <summary>
/// An institution's name as its people see it: the master's, or, for a code the master does not know yet (a
/// self-registration), the name its account of record was registered with; never the name of whoever is logged in.
/// </summary>
public static class InstitutionNames
{
    public static async Task<string> OfAsync(PortalDbContext db, string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Institutions.AsNoTracking().Where(i => i.Code == code).Select(i => i.Name).FirstOrDefaultAsync(cancellationToken)
            ?? await db.Users.AsNoTracking().Where(u => u.AccountOf == code).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken)
            ?? code;
    }
}
