using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Web;

namespace OnshiPortal.Features.Vendors;

/// <summary>One institution on a vendor's list.</summary>
public sealed record VendorInstitution(string Code, string Name, IReadOnlySet<FilingType> Procedures, DateOnly EndsOn, DelegationState State);

/// <summary>
/// 委任元の一覧 (/vendor), a vendor's person's home: the institutions that delegated to them, and the button that
/// chooses which one they act for (the cookie <see cref="InstitutionAccesses.ActingCookie"/>, read back only against
/// the delegations in force at every request). Anybody else is sent to their own start page.
/// </summary>
[Authorize]
public sealed class IndexModel(PortalDbContext db, InstitutionAccesses accesses, TimeProvider clock, IConfiguration configuration, IWebHostEnvironment environment) : PageModel
{
    /// <summary>How long an ended delegation stays on the list, so that the person sees why an institution went.</summary>
    public static readonly TimeSpan EndedShownFor = TimeSpan.FromDays(90);

    public PortalUser Person { get; private set; } = default!;

    public IReadOnlyList<VendorInstitution> InForce { get; private set; } = [];

    public IReadOnlyList<VendorInstitution> Ended { get; private set; } = [];

    /// <summary>The institution chosen now, if its delegation still holds.</summary>
    public string? Acting { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ?? Page();

    /// <summary>この医療機関等の手続きを行う.</summary>
    public async Task<IActionResult> OnPostActAsync(string? code, CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } elsewhere)
        {
            return elsewhere;
        }

        if (code is null || InForce.All(d => d.Code != code))
        {
            ModelState.AddModelError(string.Empty, "この医療機関等からの委任は有効ではありません。期限が切れたか、取り消された可能性があります。");
            return Page();
        }

        Response.Cookies.Append(InstitutionAccesses.ActingCookie, code, new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = Request.IsHttps || PortalServices.SecureCookies(configuration, environment),
            Path = "/",
        });
        return LocalRedirect("/mypage");
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var person = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (person is null)
        {
            return Challenge();
        }

        if (person.VendorCompany is null)
        {
            // Not a vendor's person: an institution's people and operators have a start page of their own.
            return LocalRedirect(person.InstitutionCode is null ? "/operator" : "/mypage");
        }

        Person = person;
        var now = clock.GetUtcNow();
        var since = now - EndedShownFor;
        var delegations = await db.Set<VendorDelegation>().AsNoTracking()
            .Where(d => d.VendorUserId == person.Id)
            .OrderByDescending(d => d.GrantedAt)
            .ToListAsync(cancellationToken);
        var names = await InstitutionNames.OfAsync(db, delegations.Select(d => d.InstitutionCode).Distinct().ToList(), cancellationToken);
        var rows = delegations.Select(d => new VendorInstitution(d.InstitutionCode, names.Of(d.InstitutionCode), d.ProcedureSet, d.EndsOn, DelegationStates.Of(d, now))).ToList();
        InForce = rows.Where(r => r.State == DelegationState.Active).DistinctBy(r => r.Code).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
        var inForceCodes = InForce.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        Ended = delegations.Zip(rows)
            .Where(p => p.Second.State != DelegationState.Active && !inForceCodes.Contains(p.Second.Code)
                && (p.First.RevokedAt ?? JapanTime.EndOf(p.First.EndsOn)) >= since)
            .Select(p => p.Second).DistinctBy(r => r.Code).ToList();
        Acting = (await accesses.ResolveAsync(HttpContext))?.InstitutionCode;
        return null;
    }
}
