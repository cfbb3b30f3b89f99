using OnshiPortal.Features.Campaigns.Letters;

namespace OnshiPortal.Features.Campaigns;

/// <summary>What an operator asks for when creating a campaign (the command line or the back-office form).</summary>
public sealed record CampaignRequest
{
    public required CampaignKind Kind { get; init; }

    public required string Name { get; init; }

    public required DateOnly CutoffDate { get; init; }

    public required DateOnly LetterDate { get; init; }

    public long? AfterCampaignId { get; init; }

    public DateOnly? OpenedAfter { get; init; }

    /// <summary>The letter's sentence on 施行; the seed's 2023 one unless given.</summary>
    public string EnforcementSentence { get; init; } = LetterSentences.Seed.Enforcement;

    /// <summary>The letter's sentence on 経過措置; the seed's 2023 one unless given.</summary>
    public string TransitionSentence { get; init; } = LetterSentences.Seed.Transition;
}

/// <summary>A request that cannot become a campaign; each problem names its field and says why in Japanese.</summary>
public sealed class CampaignRequestException(IReadOnlyList<(string Field, string Message)> problems)
    : Exception(string.Join(" ", problems.Select(p => p.Message)))
{
    public IReadOnlyList<(string Field, string Message)> Problems { get; } = problems;
}
