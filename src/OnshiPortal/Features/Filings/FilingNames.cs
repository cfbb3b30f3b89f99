namespace OnshiPortal.Features.Filings;

public static class FilingNames
{
    public static string Japanese(this FilingType type) => type switch
    {
        FilingType.Succession => "承継届出",
        FilingType.Deferral => "経過措置届出",
        _ => type.ToString(),
    };

    /// <summary>The form's full title, as the seed names the succession one.</summary>
    public static string Title(this FilingType type) => type switch
    {
        FilingType.Succession => "オンライン資格確認関係 保険医療機関等承継届出",
        FilingType.Deferral => "オンライン資格確認 経過措置（猶予）届出",
        _ => type.ToString(),
    };

    /// <summary>
    /// The names in the English mails (a mail has no localizer; the pages look the Japanese names up in Ui.en.resx,
    /// where the same English is).
    /// </summary>
    public static string English(this FilingType type) => type switch
    {
        FilingType.Succession => "Succession filing",
        FilingType.Deferral => "Deferral filing",
        _ => type.ToString(),
    };

    public static string EnglishTitle(this FilingType type) => type switch
    {
        FilingType.Succession => "Succession filing for insured medical institutions (online eligibility verification)",
        FilingType.Deferral => "Deferral (transitional measure) filing for online eligibility verification",
        _ => type.ToString(),
    };

    public static string Japanese(this FilingState state) => state switch
    {
        FilingState.Submitted => "受付",
        FilingState.Accepted => "受理",
        FilingState.Returned => "差戻し",
        FilingState.Withdrawn => "取下げ",
        _ => state.ToString(),
    };

    /// <summary>What an event did, for the history.</summary>
    public static string EventName(FilingEvent e) => (e.From, e.To) switch
    {
        (null, FilingState.Submitted) => "提出",
        (FilingState.Returned, FilingState.Submitted) => "修正して再提出",
        (_, FilingState.Accepted) => "受理",
        (_, FilingState.Returned) => "差戻し",
        (_, FilingState.Withdrawn) => "取下げ",
        _ => e.To.Japanese(),
    };

    /// <summary>The URL segment of a type (/operator/filings/succession).</summary>
    public static string Slug(this FilingType type) => type == FilingType.Succession ? "succession" : "deferral";

    public static FilingType? FromSlug(string? slug) => slug switch
    {
        "succession" => FilingType.Succession,
        "deferral" => FilingType.Deferral,
        _ => null,
    };
}
