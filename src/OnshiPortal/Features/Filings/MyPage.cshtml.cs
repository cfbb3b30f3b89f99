using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Filings;

/// <summary>マイページ: the institution's home, its filings with their states, and the forms to file.</summary>
[Authorize]
public sealed class MyPageModel(UserManager<PortalUser> users, PortalDbContext db, FilingQueries queries, IOptions<FilingOptions> options, TimeProvider clock) : PageModel
{
    public PortalUser Account { get; private set; } = default!;

    public Institution? Institution { get; private set; }

    public IReadOnlyList<Filing> Filings { get; private set; } = [];

    /// <summary>The account's self-registration while it waits to be proven: nothing can be filed until then.</summary>
    public SelfRegistration? PendingRegistration { get; private set; }

    /// <summary>Just proven with the letter (the proof page's redirect says so; the state is read, not believed).</summary>
    [BindProperty(SupportsGet = true)]
    public bool Proven { get; set; }

    public DateOnly DeferralDeadline => Procedures.DeferralDeadline;

    public bool DeferralOpen => Procedures.DeferralOpen;

    private OpenProcedures Procedures => OpenProcedures.Today(options.Value, clock);

    /// <summary>The accepted deferral in force (the latest), whose end date the page shows.</summary>
    public Filing? AcceptedDeferral => Filings.Where(f => f.Type == FilingType.Deferral && f.State == FilingState.Accepted && f.InstitutionCode == Account.InstitutionCode)
        .OrderByDescending(f => f.UpdatedAt).FirstOrDefault();

    public Filing? Open(FilingType type) => Filings.FirstOrDefault(f => f.Type == type && f.OpenKey != null && f.InstitutionCode == Account.InstitutionCode);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (user.InstitutionCode is null)
        {
            return Redirect("/operator");
        }

        Account = user;
        Institution = await db.Institutions.AsNoTracking().FirstOrDefaultAsync(i => i.Code == user.InstitutionCode, cancellationToken);
        Filings = await queries.OfAccountAsync(user.Id, cancellationToken);
        PendingRegistration = await PendingRegistrations.All(db).AsNoTracking().Where(r => r.UserId == user.Id).FirstOrDefaultAsync(cancellationToken);
        return Page();
    }
}
