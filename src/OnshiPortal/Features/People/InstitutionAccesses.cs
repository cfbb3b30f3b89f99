using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Vendors;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.People;

/// <summary>Resolves the <see cref="InstitutionAccess"/> of a request, once per request.</summary>
public sealed class InstitutionAccesses(PortalDbContext db, TimeProvider clock)
{
    /// <summary>The institution a vendor's person chose to act for (a plain code: the delegation is checked at every request).</summary>
    public const string ActingCookie = "onshi.acting";

    /// <summary>On the principal of a vendor's person (<see cref="Account.PortalClaimsPrincipalFactory"/>).</summary>
    public const string VendorClaim = "onshi:vendor";

    private static readonly object Key = new();

    public static InstitutionAccess? Of(HttpContext http) =>
        http is not null && http.Items.TryGetValue(Key, out var access) ? access as InstitutionAccess : null;

    public async Task<InstitutionAccess?> ResolveAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Items.TryGetValue(Key, out var cached))
        {
            return cached as InstitutionAccess;
        }

        var access = await ResolveAsync(http.User.FindFirstValue(ClaimTypes.NameIdentifier), http.Request.Cookies[ActingCookie], http.RequestAborted);
        http.Items[Key] = access;
        return access;
    }

    /// <summary>
    /// The person's own institution with their role; for a vendor's person, the institution chosen (or the only one)
    /// among the delegations in force. Null for anyone not active, for operators, and for a vendor with no choice.
    /// </summary>
    public async Task<InstitutionAccess?> ResolveAsync(string? userId, string? chosenCode, CancellationToken cancellationToken = default)
    {
        if (userId is null)
        {
            return null;
        }

        var person = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (person is not { State: PersonState.Active })
        {
            return null;
        }

        if (person is { InstitutionCode: { } code, InstitutionRole: { } role })
        {
            return new InstitutionAccess(person, code, role, null);
        }

        if (person.VendorCompany is null)
        {
            return null;
        }

        var delegations = await InForce(person.Id).ToListAsync(cancellationToken);
        var chosen = delegations.FirstOrDefault(d => d.InstitutionCode == chosenCode)
            ?? (delegations.Select(d => d.InstitutionCode).Distinct().Count() == 1 ? delegations[0] : null);
        return chosen is null ? null : new InstitutionAccess(person, chosen.InstitutionCode, null, chosen);
    }

    /// <summary>The delegations a vendor's person holds now, newest first.</summary>
    public IQueryable<VendorDelegation> InForce(string vendorUserId)
    {
        var today = JapanTime.DayOf(clock.GetUtcNow());
        return db.Set<VendorDelegation>().AsNoTracking()
            .Where(d => d.VendorUserId == vendorUserId && d.RevokedAt == null && d.EndsOn >= today)
            .OrderByDescending(d => d.GrantedAt);
    }
}
