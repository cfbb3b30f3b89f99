namespace OnshiPortal.Features.Campaigns;

/// <summary>
/// The funnel steps a letter's institution has reached, as bits of <see cref="CampaignLetter.FunnelSteps"/>: each
/// campaign's funnel and response curve are then counted by (campaign, response day, steps), a key of three small
/// columns, instead of testing four instants on every letter.
/// </summary>
[Flags]
public enum LetterStep
{
    None = 0,

    /// <summary><see cref="CampaignLetter.FirstLoginAt"/>.</summary>
    LoggedIn = 1,

    /// <summary><see cref="CampaignLetter.ActivationRequestedAt"/>.</summary>
    ActivationRequested = 2,

    /// <summary><see cref="CampaignLetter.ActivatedAt"/>.</summary>
    Activated = 4,

    /// <summary><see cref="CampaignLetter.RegisteredAt"/>.</summary>
    Registered = 8,
}
