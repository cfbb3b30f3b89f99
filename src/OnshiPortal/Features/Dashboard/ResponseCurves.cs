using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Dashboard;

/// <summary>One day of a campaign's response curve: the day after the 発送日 (0 is the 発送日), that day's responses and all so far.</summary>
/// <param name="Rate">Responses so far over the letters mailed; null when none was.</param>
public sealed record ResponsePoint(int DayAfter, DateOnly Day, long New, long Cumulative, double? Rate);

/// <summary>
/// 反応の推移: how many of a campaign's institutions had responded by each day since its 発送日, so that the operator
/// sees the curve flatten and knows when a 再送 is due. A response is the funnel's last step (<see cref="Step"/>):
/// 登録完了 for a 別添1 letter (its login used for an activation), アカウント登録済み for a 別添2 letter.
/// </summary>
public sealed record ResponseCurve(long CampaignId, string Name, CampaignKind Kind, DateOnly LetterDate, long Letters, string Step, IReadOnlyList<ResponsePoint> Points)
{
    /// <summary>The points as the line chart of rates draws them (<see cref="LineChart.OfRates"/>).</summary>
    public IReadOnlyList<DailyPoint> AsDaily => [.. Points.Select(p => new DailyPoint(p.Day, p.New, p.Cumulative, p.Rate))];
}

/// <summary>
/// Each issued campaign's response curve from one grouped query: the letters' step dates (kept on each letter,
/// <see cref="LetterProgress"/>) counted by campaign and Japanese day, read from the funnel index, never a query per
/// day or per campaign.
/// </summary>
internal static class ResponseCurves
{
    /// <summary>
    /// Days drawn after the 発送日: a mailing's response is over long before (the follow-up comes after 30 days), and
    /// the page stays light however old the campaigns are. A response later than this is in the funnel, not on the curve.
    /// </summary>
    public const int MaxDays = 180;

    private static readonly string Response = $"""CASE WHEN c."Kind" = {(int)CampaignKind.NewOrSuccession} THEN l."RegisteredAt" ELSE l."ActivatedAt" END""";

    /// <summary>Responses by campaign and Japanese day number (UTC ticks on SQLite: 9 hours added, divided by a day's ticks).</summary>
    internal static readonly string Sqlite = $"""
        SELECT l."CampaignId" AS "CampaignId", ({Response} + 324000000000) / 864000000000 AS "Day", COUNT(*) AS "Responses"
        FROM "CampaignLetters" AS l
        JOIN "Campaigns" AS c ON c."Id" = l."CampaignId"
        WHERE l."State" = {(int)CampaignLetterState.Issued} AND {Response} IS NOT NULL
        GROUP BY 1, 2
        """;

    /// <summary>The same on PostgreSQL (timestamptz: the day in Japan, less 0001-01-01, is the day number).</summary>
    internal static readonly string Postgres = $"""
        SELECT l."CampaignId" AS "CampaignId", CAST((({Response} AT TIME ZONE 'UTC') + INTERVAL '9 hours')::date - DATE '0001-01-01' AS bigint) AS "Day", COUNT(*) AS "Responses"
        FROM "CampaignLetters" AS l
        JOIN "Campaigns" AS c ON c."Id" = l."CampaignId"
        WHERE l."State" = {(int)CampaignLetterState.Issued} AND {Response} IS NOT NULL
        GROUP BY 1, 2
        """;

    /// <summary>The curves of the campaigns whose funnels the dashboard shows and whose 発送日 has come, in the same order.</summary>
    public static async Task<List<ResponseCurve>> LoadAsync(PortalDbContext db, IReadOnlyList<CampaignFunnel> campaigns, DateOnly today, bool sqlite, CancellationToken cancellationToken)
    {
        var shown = campaigns.Where(c => c.LetterDate <= today).ToList();
        if (shown.Count == 0)
        {
            return [];
        }

        var rows = await db.Database.SqlQueryRaw<CampaignDayCount>(sqlite ? Sqlite : Postgres).ToListAsync(cancellationToken);
        var byCampaign = rows.ToLookup(r => r.CampaignId);
        return [.. shown.Select(c => Of(c, byCampaign[c.CampaignId], today))];
    }

    /// <summary>
    /// Days 0 to today (at most <see cref="MaxDays"/>), days without a response included (the flat line is the point).
    /// A response before the 発送日 (an institution that registered while the letter was in the post) counts on day 0.
    /// </summary>
    internal static ResponseCurve Of(CampaignFunnel campaign, IEnumerable<CampaignDayCount> counts, DateOnly today)
    {
        var last = Math.Min(today.DayNumber - campaign.LetterDate.DayNumber, MaxDays);
        var perDay = new long[last + 1];
        foreach (var row in counts)
        {
            var after = Math.Max(0, row.Day - campaign.LetterDate.DayNumber);
            if (after <= last)
            {
                perDay[after] += row.Responses;
            }
        }

        var letters = campaign.Funnel.Stages[0].Count;
        var points = new List<ResponsePoint>(perDay.Length);
        long cumulative = 0;
        for (var i = 0; i < perDay.Length; i++)
        {
            cumulative += perDay[i];
            points.Add(new ResponsePoint(i, campaign.LetterDate.AddDays(i), perDay[i], cumulative, letters == 0 ? null : (double)cumulative / letters));
        }

        return new ResponseCurve(campaign.CampaignId, campaign.Name, campaign.Kind, campaign.LetterDate, letters, campaign.Funnel.Stages[^1].Name, points);
    }
}

/// <summary>A campaign's responses on one Japanese day; <see cref="Day"/> is <see cref="DateOnly.DayNumber"/>.</summary>
internal sealed class CampaignDayCount
{
    public long CampaignId { get; set; }

    public long Day { get; set; }

    public long Responses { get; set; }
}
