using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Campaigns;

/// <summary>One prefecture's letters, by kind of institution (all 47 are listed, in JIS X 0401 order).</summary>
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
        // Every prefecture in JIS order, those without a letter at zero: the operator sees where nobody is left too.
        var byPrefecture = Prefectures.All.Select(p => p.Code).Union(cells.Select(c => c.Prefecture)).Order()
            .Select(code => new PrefectureCount(
                code,
                cells.Where(c => c.Prefecture == code && c.Kind == InstitutionKind.Medical).Sum(c => c.Count),
                cells.Where(c => c.Prefecture == code && c.Kind == InstitutionKind.Dental).Sum(c => c.Count),
                cells.Where(c => c.Prefecture == code && c.Kind == InstitutionKind.Pharmacy).Sum(c => c.Count)))
            .ToList();
        var byReason = await letters.GroupBy(l => l.Reason).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var byState = await letters.GroupBy(l => l.State).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        return new CampaignCounts(byPrefecture, byReason, byState);
    }
}
