using OnshiPortal.Features.Campaigns.Letters;

namespace OnshiPortal.Features.Campaigns;

/// <summary>The Japanese names of kinds, states and reasons, and the command line's names of kinds.</summary>
public static class CampaignKindNames
{
    public static string Label(this CampaignKind kind) => kind switch
    {
        CampaignKind.Unregistered => "未登録の医療機関等へのご案内（別添1）",
        CampaignKind.Resend => "再発送（別添1）",
        CampaignKind.NewOrSuccession => "新設・承継の医療機関等へのご案内（別添2）",
        _ => kind.ToString(),
    };

    public static string Label(this CampaignState state) => state switch
    {
        CampaignState.Draft => "下書き（未発行）",
        CampaignState.Issued => "発行済み",
        CampaignState.Exported => "印刷データ作成済み",
        _ => state.ToString(),
    };

    public static string Label(this TargetReason reason) => reason switch
    {
        TargetReason.Unregistered => "アカウント未登録",
        TargetReason.Resend => "再発送",
        TargetReason.NewInstitution => "新設",
        TargetReason.Succession => "承継",
        _ => reason.ToString(),
    };

    public static string Label(this CampaignLetterState state) => state switch
    {
        CampaignLetterState.Pending => "未発行",
        CampaignLetterState.Issued => "発行済み",
        CampaignLetterState.Skipped => "対象外",
        _ => state.ToString(),
    };

    public static LetterKind LetterKind(this CampaignKind kind) =>
        kind == CampaignKind.NewOrSuccession ? Letters.LetterKind.NewOrSuccession : Letters.LetterKind.Unregistered;

    /// <summary>Whether the letter carries a temporary credential (別添1) or points to self-registration (別添2).</summary>
    public static bool IssuesCredentials(this CampaignKind kind) => kind != CampaignKind.NewOrSuccession;

    /// <summary>The names the command line takes for <c>--kind</c>.</summary>
    public static bool TryParse(string? text, out CampaignKind kind)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "unregistered":
                kind = CampaignKind.Unregistered;
                return true;
            case "resend":
                kind = CampaignKind.Resend;
                return true;
            case "new-or-succession":
                kind = CampaignKind.NewOrSuccession;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    public static string CommandName(this CampaignKind kind) => kind switch
    {
        CampaignKind.Unregistered => "unregistered",
        CampaignKind.Resend => "resend",
        _ => "new-or-succession",
    };
}
