namespace OnshiPortal.Features.Subsidy.Claims;

/// <summary>
/// "Subsidy:Claims": the application period the fund announces. Unset, claims are open (the demo works whatever the
/// date); a production configuration sets both dates from the 交付要綱.
/// </summary>
public sealed class ClaimOptions
{
    public const string Section = "Subsidy:Claims";

    /// <summary>The first day a claim may be filed (Japan time); null: no first day.</summary>
    public DateOnly? OpensOn { get; set; }

    /// <summary>The last day a claim may be filed; a returned claim may still be corrected after it. Null: no last day.</summary>
    public DateOnly? ClosesOn { get; set; }

    /// <summary>Days before <see cref="ClosesOn"/> that institutions with a 運用開始日 but no claim are reminded.</summary>
    public List<int> RemindDaysBefore { get; set; } = [30, 7];

    /// <summary>Why a claim cannot be filed on <paramref name="today"/>, or null.</summary>
    public string? Refusal(DateOnly today) => (OpensOn, ClosesOn) switch
    {
        ({ } opens, { } closes) when today < opens || today > closes => Infrastructure.Localization.Ui.Text("補助金の申請期間は{0}から{1}までです。", Infrastructure.Wareki.Date(opens), Infrastructure.Wareki.Date(closes)),
        ({ } opens, null) when today < opens => Infrastructure.Localization.Ui.Text("補助金の申請は{0}から受け付けます。", Infrastructure.Wareki.Date(opens)),
        (null, { } closes) when today > closes => Infrastructure.Localization.Ui.Text("補助金の申請期間は{0}で終了しました。", Infrastructure.Wareki.Date(closes)),
        _ => null,
    };
}
