using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Campaigns;

/// <summary>One institution a campaign's query chose, with what the letter row keeps of it.</summary>
public sealed record CampaignTarget(string InstitutionCode, TargetReason Reason, int Prefecture, InstitutionKind Kind, string PostalCode);

/// <summary>
/// Who gets a letter, as of the campaign's cutoff: queries over the master and the accounts, run in the database
/// (a national mailing chooses among 250,000 institutions). An institution that is closed or succeeded today never
/// gets one, whatever the cutoff says.
/// </summary>
public static class CampaignTargeting
{
    public static async Task<List<CampaignTarget>> FindAsync(PortalDbContext db, Campaign campaign, CancellationToken cancellationToken)
    {
        var cutoff = campaign.CutoffDate;
        var cutoffEnd = JapanTime.EndOf(cutoff);
        // A self-registration nobody proved does not stop the institution's letter: it may be a stranger's (squatting).
        var accounts = PendingRegistrations.Proven(db, db.Set<PortalUser>().Where(u => u.InstitutionCode != null && u.CreatedAt < cutoffEnd));

        // Active now, and already open and not yet closed on the cutoff day.
        var unregistered = db.Institutions.AsNoTracking()
            .Where(i => i.Status == InstitutionStatus.Active
                && (i.OpenedOn == null || i.OpenedOn <= cutoff)
                && (i.ClosedOn == null || i.ClosedOn > cutoff)
                && !accounts.Any(u => u.InstitutionCode == i.Code));

        switch (campaign.Kind)
        {
            case CampaignKind.Unregistered:
                return await Select(unregistered, TargetReason.Unregistered, cancellationToken);

            case CampaignKind.Resend:
                var earlier = campaign.AfterCampaignId ?? throw new InvalidOperationException("A resend names the campaign it follows.");
                var mailed = db.Set<CampaignLetter>().Where(l => l.CampaignId == earlier && l.State == CampaignLetterState.Issued);
                return await Select(unregistered.Where(i => mailed.Any(l => l.InstitutionCode == i.Code)), TargetReason.Resend, cancellationToken);

            case CampaignKind.NewOrSuccession:
                var openedAfter = campaign.OpenedAfter ?? throw new InvalidOperationException("A new-or-succession campaign names the opening date.");

                // The predecessor's account counts whenever it was made before the cutoff, even if that code is closed now.
                var succession = unregistered.Where(i => i.PredecessorCode != null && accounts.Any(u => u.InstitutionCode == i.PredecessorCode));
                var opened = unregistered.Where(i => i.OpenedOn > openedAfter && !(i.PredecessorCode != null && accounts.Any(u => u.InstitutionCode == i.PredecessorCode)));
                var targets = await Select(succession, TargetReason.Succession, cancellationToken);
                targets.AddRange(await Select(opened, TargetReason.NewInstitution, cancellationToken));
                return targets;

            default:
                throw new ArgumentOutOfRangeException(nameof(campaign), campaign.Kind, "Unknown campaign kind.");
        }
    }

    private static Task<List<CampaignTarget>> Select(IQueryable<Institution> institutions, TargetReason reason, CancellationToken cancellationToken) =>
        institutions
            .OrderBy(i => i.Code)
            .Select(i => new CampaignTarget(i.Code, reason, i.Prefecture, i.Kind, i.PostalCode))
            .ToListAsync(cancellationToken);
}
