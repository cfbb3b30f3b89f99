namespace OnshiPortal.Features.Dashboard;

/// <summary>One step of a funnel as counted: e.g. 仮ID発行 and the number of institutions that reached it.</summary>
public sealed record FunnelStep(string Name, long Count);

/// <summary>A step with its rates: from the step before it, and from the first step.</summary>
/// <param name="FromPrevious">Null for the first step, or when the step before counted nobody.</param>
/// <param name="FromFirst">Null when the first step counted nobody.</param>
public sealed record FunnelStage(string Name, long Count, double? FromPrevious, double? FromFirst);

/// <summary>
/// キャンペーン別の到達状況: how many of those who got a letter reached each step. Any list of steps will do, so
/// that a campaign (issue 5) brings its own steps and the chart and table stay as they are.
/// </summary>
public sealed record Funnel(string Title, IReadOnlyList<FunnelStage> Stages)
{
    public static Funnel From(string title, IReadOnlyList<FunnelStep> steps)
    {
        ArgumentOutOfRangeException.ThrowIfZero(steps.Count);
        var stages = new List<FunnelStage>(steps.Count);
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Count < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(steps), steps[i].Count, "件数は0以上です。");
            }

            stages.Add(new FunnelStage(
                steps[i].Name,
                steps[i].Count,
                i == 0 ? null : Ratio(steps[i].Count, steps[i - 1].Count),
                Ratio(steps[i].Count, steps[0].Count)));
        }

        return new Funnel(title, stages);
    }

    /// <summary>The widest bar: the largest step (the first, unless data arrived out of order).</summary>
    public long Largest => Stages.Max(s => s.Count);

    private static double? Ratio(long part, long whole) => whole == 0 ? null : (double)part / whole;
}
