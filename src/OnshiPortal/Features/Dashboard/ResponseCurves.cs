using OnshiPortal.Features.Campaigns;

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
/// Each issued campaign's response curve from the funnels' own grouped read (<see cref="CampaignFunnels.StepsByDay"/>):
/// the letters' response days (kept on each letter, <see cref="LetterProgress"/>) by campaign, never a query per day
/// or per campaign.
/// </summary>
internal static class ResponseCurves
{
    /// <summary>
    /// Days drawn after the 発送日: a mailing's response is over long before (the follow-up comes after 30 days), and
    /// the page stays light however old the campaigns are. A response later than this is in the funnel, not on the curve.
    /// </summary>
    public const int MaxDays = 180;

    /// <summary>The curves of the campaigns whose funnels the dashboard shows and whose 発送日 has come, in the same order.</summary>
    public static List<ResponseCurve> From(IReadOnlyList<CampaignFunnel> campaigns, IReadOnlyList<CampaignDaySteps> days, DateOnly today)
    {
        var byCampaign = days.Where(d => d.RespondedOn is not null).ToLookup(d => d.CampaignId);
        return [.. campaigns.Where(c => c.LetterDate <= today).Select(c => Of(c, byCampaign[c.CampaignId], today))];
    }

    /// <summary>
    /// Days 0 to today (at most <see cref="MaxDays"/>), days without a response included (the flat line is the point).
    /// A response before the 発送日 (an institution that registered while the letter was in the post) counts on day 0.
    /// </summary>
    internal static ResponseCurve Of(CampaignFunnel campaign, IEnumerable<CampaignDaySteps> answered, DateOnly today)
    {
        var last = Math.Min(today.DayNumber - campaign.LetterDate.DayNumber, MaxDays);
        var perDay = new long[last + 1];
        foreach (var row in answered)
        {
            var after = Math.Max(0, row.RespondedOn!.Value.DayNumber - campaign.LetterDate.DayNumber);
            if (after <= last)
            {
                perDay[after] += row.Letters;
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
