using OnshiPortal.Infrastructure;
namespace OnshiPortal.Features.Filings.Succession;

/// <summary>What the succession form carries from the input page to the check page, and what the filing keeps.</summary>
public sealed record SuccessionEntries(
    string NewCode,
    DateOnly ValidFrom,
    string Reason,
    string ReasonOther,
    string NewName,
    string NewFounder,
    string NewPostalCode,
    string NewAddress,
    string ContactPerson,
    string ContactPhone)
{
    /// <summary>承継の理由, as the seed lists the cases of 承継手続き.</summary>
    public static readonly IReadOnlyList<(string Id, string Label)> Reasons =
    [
        ("incorporation", "個人診療所の医療法人化"),
        ("founder", "親から子など開設者の変更"),
        ("relocation", "所在地の移転"),
        ("franchise", "薬局のフランチャイズ契約先の変更"),
        ("other", "その他"),
    ];

    public string ReasonText => Reason == "other"
        ? $"その他（{ReasonOther}）"
        : Reasons.FirstOrDefault(r => r.Id == Reason).Label ?? Reason;

    public string PostalCodeDisplay => NewPostalCode.Length == 7 ? $"{NewPostalCode[..3]}-{NewPostalCode[3..]}" : NewPostalCode;

    /// <summary>The entries as the check page, the copy and the operator show them.</summary>
    public IReadOnlyList<FiledField> Describe() =>
    [
        new("新しい医療機関等コード", NewCode),
        new("新しいコードの有効開始日", Wareki.Date(ValidFrom)),
        new("承継の理由", ReasonText, Choice: Reason != "other"),
        new("新しい医療機関等の名称", NewName),
        new("新しい開設者", NewFounder),
        new("新しい所在地", $"〒{PostalCodeDisplay} {NewAddress}"),
        new("担当者名", ContactPerson),
        new("担当者の電話番号", ContactPhone),
    ];
}
