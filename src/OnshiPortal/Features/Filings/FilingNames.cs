using OnshiPortal.Features.Procedures;

namespace OnshiPortal.Features.Filings;

public static class FilingNames
{
    public static string Japanese(this FilingType type) => ProcedureCatalog.Of(type).Name;

    /// <summary>The form's full title, as the seed names the succession one.</summary>
    public static string Title(this FilingType type) => ProcedureCatalog.Of(type).Title;

    /// <summary>
    /// The names in the English mails (a mail has no localizer; the pages look the Japanese names up in Ui.en.resx,
    /// where the same English is).
    /// </summary>
    public static string English(this FilingType type) => ProcedureCatalog.Of(type).EnglishName;

    public static string EnglishTitle(this FilingType type) => ProcedureCatalog.Of(type).EnglishTitle;

    public static string Japanese(this FilingState state) => state switch
    {
        FilingState.Submitted => "受付",
        FilingState.Accepted => "受理",
        FilingState.Returned => "差戻し",
        FilingState.Withdrawn => "取下げ",
        FilingState.Shipped => "発送済",
        FilingState.Delivered => "到着確認済",
        FilingState.Issued => "発行済",
        FilingState.Refused => "不交付",
        _ => state.ToString(),
    };

    /// <summary>What an event did, for the history.</summary>
    public static string EventName(FilingEvent e) => (e.From, e.To) switch
    {
        _ when e.AmountAfter is not null => "交付額の変更",
        var (from, to) when from == to => "承継による引継ぎ",
        (null, FilingState.Submitted) => "提出",
        (FilingState.Returned, FilingState.Submitted) => "修正して再提出",
        (_, FilingState.Accepted) => "受理",
        (_, FilingState.Returned) => "差戻し",
        (_, FilingState.Withdrawn) => "取下げ",
        (_, FilingState.Shipped) => "発送",
        (_, FilingState.Delivered) => "到着確認",
        (_, FilingState.Issued) => "発行",
        (_, FilingState.Refused) => "不交付",
        _ => e.To.Japanese(),
    };

    /// <summary>The URL segment of a type (/operator/filings/succession).</summary>
    public static string Slug(this FilingType type) => ProcedureCatalog.Of(type).Slug;

    public static FilingType? FromSlug(string? slug) => ProcedureCatalog.FromSlug(slug)?.Type;

    /// <summary>Whether the filing has been decided for (受理, and the steps after it).</summary>
    public static bool IsAccepted(this FilingState state) => state is FilingState.Accepted or FilingState.Shipped or FilingState.Delivered or FilingState.Issued;

    /// <summary>Whether the filing waits for the operator or for its correction (受付, 差戻し).</summary>
    public static bool IsOpen(this FilingState state) => state is FilingState.Submitted or FilingState.Returned;
}
