using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Campaigns;

/// <summary>One prefecture's letters, by kind of institution.</summary>
public sealed record PrefectureCount(int Prefecture, int Medical, int Dental, int Pharmacy)
{
    public string Name => Prefectures.NameOf(Prefecture);

    public int Total => Medical + Dental + Pharmacy;
}

/// <summary>What the operator looks at before issuing, and follows during it: counts by prefecture, kind, reason and state.</summary>
public sealed record CampaignCounts(
    IReadOnlyList<PrefectureCount> ByPrefecture,
    IReadOnlyDictionary<TargetReason, int> ByReason,
    IReadOnlyDictionary<CampaignLetterState, int> ByState)
{
    public int Total => ByPrefecture.Sum(p => p.Total);

    public int Count(InstitutionKind kind) => kind switch
    {
        InstitutionKind.Medical => ByPrefecture.Sum(p => p.Medical),
        InstitutionKind.Dental => ByPrefecture.Sum(p => p.Dental),
        _ => ByPrefecture.Sum(p => p.Pharmacy),
    };

    public int Count(CampaignLetterState state) => ByState.GetValueOrDefault(state);

    /// <summary>Grouped in the database: a national campaign has 100,000 letters, the page needs 47 rows.</summary>
    public static async Task<CampaignCounts> ForAsync(PortalDbContext db, long campaignId, CancellationToken cancellationToken)
    {
        var letters = db.Set<CampaignLetter>().Where(l => l.CampaignId == campaignId);
        var cells = await letters.GroupBy(l => new { l.Prefecture, l.Kind })
            .Select(g => new { g.Key.Prefecture, g.Key.Kind, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var byPrefecture = cells.GroupBy(c => c.Prefecture).OrderBy(g => g.Key)
            .Select(g => new PrefectureCount(
                g.Key,
                g.Where(c => c.Kind == InstitutionKind.Medical).Sum(c => c.Count),
                g.Where(c => c.Kind == InstitutionKind.Dental).Sum(c => c.Count),
                g.Where(c => c.Kind == InstitutionKind.Pharmacy).Sum(c => c.Count)))
            .ToList();
        var byReason = await letters.GroupBy(l => l.Reason).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var byState = await letters.GroupBy(l => l.State).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return new CampaignCounts(byPrefecture, byReason, byState);
    }
}
