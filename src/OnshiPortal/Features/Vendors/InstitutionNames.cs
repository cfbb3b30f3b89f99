using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Vendors;

/// <summary>
/// The names a vendor's person and the invitation show for institutions: the master's name, or, for one registered
/// by itself and not in the master yet, the name its account of record gave (as マイページ does).
/// </summary>
public static class InstitutionNames
{
    public static async Task<Dictionary<string, string>> OfAsync(PortalDbContext db, IReadOnlyCollection<string> codes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var names = await db.Institutions.AsNoTracking().Where(i => codes.Contains(i.Code))
            .Select(i => new { i.Code, i.Name }).ToDictionaryAsync(i => i.Code, i => i.Name, StringComparer.Ordinal, cancellationToken);
        var missing = codes.Where(c => !names.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            foreach (var account in await db.Users.AsNoTracking().Where(u => u.AccountOf != null && missing.Contains(u.AccountOf))
                .Select(u => new { u.AccountOf, u.DisplayName }).ToListAsync(cancellationToken))
            {
                names[account.AccountOf!] = account.DisplayName;
            }
        }

        return names;
    }

    public static string Of(this IReadOnlyDictionary<string, string> names, string code) =>
        names is not null && names.TryGetValue(code, out var name) ? name : code;
}
