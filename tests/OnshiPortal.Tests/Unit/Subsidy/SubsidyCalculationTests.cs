using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.Subsidy;

namespace OnshiPortal.Tests.Unit.Subsidy;

public sealed class SubsidyCalculationTests
{
    /// <summary>Costs in the order カードリーダー, 資格確認端末, ネットワーク, システム改修, その他.</summary>
    [Theory]
    // ValidFrom and ValidUntil boundaries
    [InlineData(InstitutionClass.Clinic, null, "2021-03-31", 100_000, 0, 0, 0, 0, null, "運用開始日 2021-03-31 に当てはまる補助金の規則がありません")]
    [InlineData(InstitutionClass.Clinic, null, "2021-04-01", 100_000, 0, 0, 0, 0, 75_000L, "A")]
    [InlineData(InstitutionClass.Clinic, null, "2023-03-31", 100_000, 0, 0, 0, 0, 75_000L, "A")]
    [InlineData(InstitutionClass.Clinic, null, "2023-04-01", 100_000, 0, 0, 0, 0, 50_000L, "B")]
    [InlineData(InstitutionClass.Clinic, null, "2024-03-31", 100_000, 0, 0, 0, 0, 50_000L, "B")]
    [InlineData(InstitutionClass.Clinic, null, "2024-04-01", 100_000, 0, 0, 0, 0, null, "運用開始日 2024-04-01 に当てはまる補助金の規則がありません")]
    [InlineData(InstitutionClass.Clinic, null, "2024-09-30", 100_000, 0, 0, 0, 0, null, "運用開始日 2024-09-30 に当てはまる補助金の規則がありません")]
    [InlineData(InstitutionClass.Clinic, null, "2024-10-01", 100_001, 0, 0, 0, 0, 50_000L, "C")]
    [InlineData(InstitutionClass.Clinic, null, "2099-12-31", 3_000_001, 0, 0, 0, 0, 1_500_000L, "C")]
    // An item's cap: just under, exactly at, just over (3/4 of 133,333 is 99,999.75: the yen below 1 are cut off)
    [InlineData(InstitutionClass.Clinic, null, "2022-06-01", 133_333, 0, 0, 0, 0, 99_999L, "A")]
    [InlineData(InstitutionClass.Clinic, null, "2022-06-01", 133_334, 0, 0, 0, 0, 100_000L, "A")]
    [InlineData(InstitutionClass.Clinic, null, "2022-06-01", 133_336, 0, 0, 0, 0, 100_000L, "A")]
    [InlineData(InstitutionClass.Clinic, null, "2023-04-01", 133_336, 0, 0, 0, 0, 50_000L, "B")]
    // The total cap: under, exactly at, over
    [InlineData(InstitutionClass.Clinic, null, "2022-06-01", 133_334, 133_334, 0, 0, 0, 200_000L, "A")]
    [InlineData(InstitutionClass.Clinic, null, "2022-06-01", 133_334, 133_334, 133_334, 0, 0, 300_000L, "A")]
    [InlineData(InstitutionClass.Clinic, null, "2022-06-01", 200_000, 200_000, 200_000, 200_000, 200_000, 300_000L, "A")]
    [InlineData(InstitutionClass.Clinic, null, "2022-06-01", 0, 0, 0, 0, 0, 0L, "A")]
    // Hospitals by bed band; ネットワーク is not in the band's rules, so not subsidised
    [InlineData(InstitutionClass.Hospital, 20, "2022-06-01", 0, 0, 500_000, 1_500_000, 0, 1_000_000L, "A")]
    [InlineData(InstitutionClass.Hospital, 199, "2022-06-01", 400_000, 0, 0, 1_500_001, 0, 1_200_000L, "A")]
    [InlineData(InstitutionClass.Hospital, 199, "2022-06-01", 400_002, 2, 0, 1_500_001, 0, 1_200_000L, "A")]
    [InlineData(InstitutionClass.Hospital, 199, "2022-06-01", 399_998, 0, 0, 1_500_001, 0, 1_199_999L, "A")]
    [InlineData(InstitutionClass.Hospital, 200, "2022-06-01", 1_000_000, 0, 0, 1_500_000, 0, 400_000L, "A")]
    [InlineData(InstitutionClass.Hospital, 19, "2022-06-01", 1_000_000, 0, 0, 0, 0, null, "「A」には病床数 19 の病院の補助の規則がありません")]
    [InlineData(InstitutionClass.Hospital, null, "2022-06-01", 1_000_000, 0, 0, 0, 0, null, "「A」には病院の補助の規則がありません")]
    [InlineData(InstitutionClass.Hospital, 300, "2023-04-01", 1_000_000, 0, 0, 0, 0, null, "「B」には病床数 300 の病院の補助の規則がありません")]
    [InlineData(InstitutionClass.Pharmacy, null, "2022-06-01", 1_000_000, 0, 0, 0, 0, null, "「A」には薬局の補助の規則がありません")]
    [InlineData(InstitutionClass.Clinic, null, "2022-06-01", -1, 0, 0, 0, 0, null, "カードリーダーの費用は0円以上で入力してください。")]
    public void The_subsidy_follows_the_table(
        InstitutionClass institutionClass, int? beds, string date,
        long cardReader, long terminal, long network, long systemChange, long other,
        long? expected, string ruleSetOrRefusal)
    {
        var costs = new Dictionary<SubsidyItem, long>
        {
            [SubsidyItem.CardReader] = cardReader,
            [SubsidyItem.Terminal] = terminal,
            [SubsidyItem.Network] = network,
            [SubsidyItem.SystemChange] = systemChange,
            [SubsidyItem.Other] = other,
        };

        var computation = SubsidyCalculation.Calculate(SubsidyRules.Table(), institutionClass, beds, DateOnly.Parse(date), costs, out var refusal);

        if (expected is null)
        {
            Assert.Null(computation);
            Assert.NotNull(refusal);
            Assert.Contains(ruleSetOrRefusal, refusal);
            return;
        }

        Assert.Null(refusal);
        Assert.NotNull(computation);
        Assert.Equal(expected, computation.Amount);
        Assert.Equal(ruleSetOrRefusal, computation.RuleSet.Name);
        Assert.Equal(Enum.GetValues<SubsidyItem>(), computation.Lines.Select(l => l.Item));
        Assert.Equal(computation.Lines.Sum(l => l.Result), computation.Subtotal);
        Assert.All(computation.Lines, l => Assert.True(l.Result <= l.Computed && (l.Cap is null || l.Result <= l.Cap)));
    }

    [Fact]
    public void Each_line_shows_its_step_in_words()
    {
        var costs = new Dictionary<SubsidyItem, long> { [SubsidyItem.CardReader] = 133_336, [SubsidyItem.Terminal] = 99_999, [SubsidyItem.Network] = 150_000 };

        var computation = SubsidyCalculation.Calculate(SubsidyRules.Table(), InstitutionClass.Hospital, 150, new DateOnly(2022, 6, 1), costs, out _)!;

        Assert.Equal("A（病院（病床数 20〜199））", computation.Heading);
        Assert.Equal(
            [
                "カードリーダー: 費用 133,336円 × 補助率 1/2 = 66,668円（1円未満切り捨て）、上限 200,000円 → 補助額 66,668円",
                "資格確認端末: 費用 99,999円 × 補助率 1/2 = 49,999円（1円未満切り捨て）、上限 400,000円 → 補助額 49,999円",
                "ネットワーク: 費用 150,000円は補助の対象外です → 補助額 0円",
                "システム改修: 費用 0円 × 補助率 2/3 = 0円（1円未満切り捨て）、上限 1,000,000円 → 補助額 0円",
                "その他: 費用 0円は補助の対象外です → 補助額 0円",
            ],
            computation.Lines.Select(l => l.Text));
        Assert.Equal("合計: 費用 383,335円、各項目の補助額の計 116,667円、全体の上限 1,200,000円 → 補助金の額 116,667円", computation.TotalText);
        Assert.Null(computation.Lines[2].Rate);
    }

    [Fact]
    public void A_capped_line_says_so_and_the_uncapped_set_says_there_is_none()
    {
        var capped = SubsidyCalculation.Calculate(SubsidyRules.Table(), InstitutionClass.Clinic, null, new DateOnly(2022, 6, 1),
            new Dictionary<SubsidyItem, long> { [SubsidyItem.CardReader] = 500_000 }, out _)!;
        Assert.True(capped.Lines[0].Capped);
        Assert.Equal("カードリーダー: 費用 500,000円 × 補助率 3/4 = 375,000円（1円未満切り捨て）、上限 100,000円 → 補助額 100,000円", capped.Lines[0].Text);
        Assert.False(capped.Lines[1].Capped);

        var open = SubsidyCalculation.Calculate(SubsidyRules.Table(), InstitutionClass.Clinic, null, new DateOnly(2025, 1, 1),
            new Dictionary<SubsidyItem, long> { [SubsidyItem.CardReader] = 500_001 }, out _)!;
        Assert.Equal("カードリーダー: 費用 500,001円 × 補助率 1/2 = 250,000円（1円未満切り捨て）、上限なし → 補助額 250,000円", open.Lines[0].Text);
        Assert.Equal("合計: 費用 500,001円、各項目の補助額の計 250,000円、全体の上限なし → 補助金の額 250,000円", open.TotalText);
    }

    [Theory]
    [InlineData(0, 0, DocumentNeed.NotNeeded)]
    [InlineData(1, 0, DocumentNeed.Required)]
    [InlineData(0, 1, DocumentNeed.Required)]
    public void Documents_are_required_by_rule(long systemChange, long other, DocumentNeed breakdown)
    {
        var costs = new Dictionary<SubsidyItem, long> { [SubsidyItem.CardReader] = 10_000, [SubsidyItem.SystemChange] = systemChange, [SubsidyItem.Other] = other };

        var computation = SubsidyCalculation.Calculate(SubsidyRules.Table(), InstitutionClass.Clinic, null, new DateOnly(2022, 6, 1), costs, out _)!;

        Assert.Equal(
            [
                new SubsidyDocumentNeed(SubsidyDocument.Receipt, DocumentNeed.Required),
                new SubsidyDocumentNeed(SubsidyDocument.ReceiptBreakdown, breakdown),
                new SubsidyDocumentNeed(SubsidyDocument.CompletionReport, DocumentNeed.Optional),
            ],
            computation.Documents);
    }

    [Theory]
    [InlineData("1/2", 1, 2)]
    [InlineData("3/4", 3, 4)]
    [InlineData(" 2/3 ", 2, 3)]
    [InlineData("0.5", 5, 10)]
    [InlineData("0.75", 75, 100)]
    [InlineData("1", 1, 1)]
    [InlineData("0", 0, 1)]
    [InlineData("1/1", 1, 1)]
    public void Rates_are_exact_fractions(string text, long numerator, long denominator)
    {
        var rate = SubsidyRate.Parse(text, out var error);
        Assert.Null(error);
        Assert.Equal((numerator, denominator), (rate!.Value.Numerator, rate.Value.Denominator));
    }

    [Theory]
    [InlineData(3, "2/3", 2)]
    [InlineData(1_500_001, "2/3", 1_000_000)]
    [InlineData(9_999_999_999, "2/3", 6_666_666_666)]
    [InlineData(1, "1/2", 0)]
    [InlineData(999, "0.75", 749)]
    public void Yen_below_one_are_cut_off(long cost, string rate, long expected)
    {
        Assert.Equal(expected, SubsidyRate.Parse(rate, out _)!.Value.Of(cost));
    }
}
