using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Campaigns.FollowUps;
using OnshiPortal.Features.Filings;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Campaigns.Pages;

/// <summary>
/// ダイレクトメールの発送: the campaigns so far, and the form that creates a new one (as a draft). A Printer sees the
/// list (to reach the print files) but may not create.
/// </summary>
[Authorize(Roles = Roles.Staff)]
public sealed class IndexModel(PortalDbContext db, CampaignService campaigns, IOptions<FilingOptions> filings) : PageModel
{
    /// <summary>The deadline the letters will print: the filing's own, set in configuration, not typed per campaign.</summary>
    public DateOnly Deadline => filings.Value.Deferral.Deadline;

    [BindProperty]
    public CampaignInput Input { get; set; } = new();

    public IReadOnlyList<Campaign> Campaigns { get; private set; } = [];

    /// <summary>Drafts the follow-up job proposed that no operator has issued yet (自動提案、承認待ち).</summary>
    public IReadOnlyList<Campaign> Waiting { get; private set; } = [];

    /// <summary>The campaigns a resend can follow: issued 別添1 mailings.</summary>
    public IReadOnlyList<Campaign> Resendable => [.. Campaigns.Where(c => c.State != CampaignState.Draft && c.Kind.IssuesCredentials())];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!Roles.IsOperating(User))
        {
            return Forbid();
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        try
        {
            var campaign = await campaigns.CreateAsync(Input.ToRequest(), User.Identity!.Name!, cancellationToken: cancellationToken);
            return RedirectToPage("Details", new { id = campaign.Id });
        }
        catch (CampaignRequestException e)
        {
            foreach (var (field, message) in e.Problems)
            {
                ModelState.AddModelError($"{nameof(Input)}.{field}", message);
            }

            await LoadAsync(cancellationToken);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Campaigns = await db.Set<Campaign>().AsNoTracking().OrderByDescending(c => c.Id).Take(100).ToListAsync(cancellationToken);
        Waiting = await CampaignFollowUps.Waiting(db).AsNoTracking().OrderBy(c => c.Id).ToListAsync(cancellationToken);
    }
}
