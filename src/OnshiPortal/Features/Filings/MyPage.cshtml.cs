using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Procedures.Drafts;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Filings;

/// <summary>マイページ: the institution's home, its filings with their states, the forms to file and the forms saved halfway (途中保存).</summary>
[Authorize]
[InstitutionPage(InstitutionRight.Read)]
public sealed class MyPageModel(PortalDbContext db, FilingQueries queries, SavedDrafts drafts, IOptions<FilingOptions> options, TimeProvider clock) : PageModel
{
    /// <summary>The person and the institution they act for (<see cref="InstitutionAccessFilter"/> resolved it).</summary>
    public InstitutionAccess Access { get; private set; } = default!;

    public PortalUser Account => Access.Person;

    public string Code => Access.InstitutionCode;

    /// <summary>The master's name, or the one the institution registered with (<see cref="InstitutionNames"/>).</summary>
    public string InstitutionName { get; private set; } = string.Empty;

    public Institution? Institution { get; private set; }

    public IReadOnlyList<Filing> Filings { get; private set; } = [];

    /// <summary>The institution's saved drafts of the procedures this person may file (入力途中の手続き).</summary>
    public IReadOnlyList<SavedDraftSummary> Drafts { get; private set; } = [];

    /// <summary>A draft was just deleted (the delete's redirect says so).</summary>
    [BindProperty(SupportsGet = true)]
    public bool DraftDeleted { get; set; }

    /// <summary>A delete was not done: the draft had been saved again since the page was shown.</summary>
    [BindProperty(SupportsGet = true)]
    public bool DraftChanged { get; set; }

    /// <summary>The letters the portal posts to the institution (the print queue), and whether each has left.</summary>
    public PostalLetters.LettersOfInstitution Letters { get; private set; } = new([], null);

    /// <summary>The account's self-registration while it waits to be proven: nothing can be filed until then.</summary>
    public SelfRegistration? PendingRegistration { get; private set; }

    /// <summary>Just proven with the letter (the proof page's redirect says so; the state is read, not believed).</summary>
    [BindProperty(SupportsGet = true)]
    public bool Proven { get; set; }

    public DateOnly DeferralDeadline => Procedures.DeferralDeadline;

    public bool DeferralOpen => Procedures.DeferralOpen;

    private OpenProcedures Procedures => OpenProcedures.Today(options.Value, clock);

    /// <summary>The accepted deferral in force (the latest), whose end date the page shows.</summary>
    public Filing? AcceptedDeferral => Filings.Where(f => f.Type == FilingType.Deferral && f.State == FilingState.Accepted && f.InstitutionCode == Code)
        .OrderByDescending(f => f.UpdatedAt).FirstOrDefault();

    /// <summary>The latest open filing of a procedure (a certificate request may have several, one per terminal).</summary>
    public Filing? Open(FilingType type) => Filings.FirstOrDefault(f => f.Type == type && f.OpenKey != null && f.InstitutionCode == Code);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Access = InstitutionAccesses.Of(HttpContext)!;
        Institution = await db.Institutions.AsNoTracking().FirstOrDefaultAsync(i => i.Code == Code, cancellationToken);
        InstitutionName = Institution?.Name ?? await InstitutionNames.OfAsync(db, Code, cancellationToken);
        Filings = (await queries.OfInstitutionAsync(Code, cancellationToken)).Where(f => Access.MaySee(f.Type)).ToList();
        Letters = await PostalLetters.InstitutionLetters.OfAsync(db, Code, cancellationToken);
        PendingRegistration = await PendingRegistrations.OfInstitution(db, Code).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        Drafts = (await drafts.OfInstitutionAsync(Code, cancellationToken)).Where(d => Access.May(InstitutionRight.File, d.Type)).ToList();
        return Page();
    }
}
