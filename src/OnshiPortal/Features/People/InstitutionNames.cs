using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.People;

/// <summary>
/// An institution's name as its people, its vendors and its invitations show it: the master's, or, for a code the
/// master does not know yet (a self-registration), the name its account of record was registered with; never the
/// name of whoever is logged in. An institution with neither shows its code.
/// </summary>
public static class InstitutionNames
{
    public static async Task<string> OfAsync(PortalDbContext db, string code, CancellationToken cancellationToken = default) =>
        (await OfAsync(db, [code], cancellationToken)).Of(code);

    /// <summary>The names of several institutions at once (two queries, whatever their number).</summary>
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
