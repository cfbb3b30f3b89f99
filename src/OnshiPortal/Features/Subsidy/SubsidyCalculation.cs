using System.Globalization;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Subsidy;

/// <summary>
/// Computes a claim's subsidy from the rules as data (<see cref="SubsidyOptions"/>): per item cost × 補助率 with the
/// yen below 1 cut off, the item's cap, then the sum against the total cap; and which documents the claim must attach.
/// Every step is kept as a line, in words the institution and the reviewer read the same way.
/// </summary>
/// <remarks>
/// The rule set is chosen by the <b>運用開始日</b>, not by the claim's date. The fund pays for a system brought into
/// use under the rules of that time (the 交付要綱 name the date operation must have begun by for each rate), and the
/// 運用開始日 is fixed once registered: a claim sent back (差戻し) and re-submitted after a change of the rules, or one
/// filed late in the application period, keeps the amount it was computed with. The claim's date would let the same
/// installation be paid differently depending on when the institution found the time to file.
/// </remarks>
public sealed class SubsidyCalculation(IOptionsMonitor<SubsidyOptions> options)
{
    /// <summary>
    /// The subsidy for an institution of <paramref name="institutionClass"/> with <paramref name="beds"/> (null: none
    /// given) that began operation on <paramref name="operationStart"/>, for the costs per item (an item left out
    /// costs 0); or null and, in <paramref name="refusal"/>, why: no rule set for the date, none for the class and
    /// beds, a negative cost.
    /// </summary>
    public SubsidyComputation? Calculate(InstitutionClass institutionClass, int? beds, DateOnly operationStart, IReadOnlyDictionary<SubsidyItem, long> costs, out string? refusal) =>
        Calculate(options.CurrentValue, institutionClass, beds, operationStart, costs, out refusal);

    /// <summary>The same on given rules (for tests and the command line).</summary>
    public static SubsidyComputation? Calculate(SubsidyOptions rules, InstitutionClass institutionClass, int? beds, DateOnly operationStart, IReadOnlyDictionary<SubsidyItem, long> costs, out string? refusal)
    {
        refusal = null;
        foreach (var (item, cost) in costs)
        {
            if (cost < 0)
            {
                refusal = Ui.Text("{0}の費用は0円以上で入力してください。", item.Shown());
                return null;
            }
        }

        var ruleSet = RuleSetFor(rules, operationStart);
        if (ruleSet is null)
        {
            refusal = Ui.Text("運用開始日 {0} に当てはまる補助金の規則がありません。補助の対象となる期間をご確認ください。", Day(operationStart));
            return null;
        }

        var classRule = ruleSet.Classes.FirstOrDefault(c => c.Class == institutionClass && c.Covers(beds));
        if (classRule is null)
        {
            refusal = beds is null
                ? Ui.Text("「{0}」には{1}の補助の規則がありません。", ruleSet.Name, Ui.Text(institutionClass.Japanese()))
                : Ui.Text("「{0}」には病床数 {1} の{2}の補助の規則がありません。", ruleSet.Name, beds, Ui.Text(institutionClass.Japanese()));
            return null;
        }

        var lines = new List<SubsidyLine>();
        foreach (var item in Enum.GetValues<SubsidyItem>())
        {
            var cost = costs.GetValueOrDefault(item);
            var itemRule = classRule.Items.FirstOrDefault(i => i.Item == item);
            if (itemRule is null)
            {
                lines.Add(new SubsidyLine(item, cost, null, 0, null, 0,
                    Ui.Text("{0}: 費用 {1}円は補助の対象外です → 補助額 0円", item.Shown(), Yen(cost))));
                continue;
            }

            var rate = SubsidyRate.Parse(itemRule.Rate, out _) ?? SubsidyRate.None; // checked at start-up
            var computed = rate.Of(cost);
            var result = itemRule.Cap is { } cap ? Math.Min(computed, cap) : computed;
            var text = itemRule.Cap is { } shownCap
                ? Ui.Text("{0}: 費用 {1}円 × 補助率 {2} = {3}円（1円未満切り捨て）、上限 {4}円 → 補助額 {5}円", item.Shown(), Yen(cost), rate, Yen(computed), Yen(shownCap), Yen(result))
                : Ui.Text("{0}: 費用 {1}円 × 補助率 {2} = {3}円（1円未満切り捨て）、上限なし → 補助額 {4}円", item.Shown(), Yen(cost), rate, Yen(computed), Yen(result));
            lines.Add(new SubsidyLine(item, cost, rate, computed, itemRule.Cap, result, text));
        }

        var sum = lines.Sum(l => l.Result);
        var amount = classRule.TotalCap is { } total ? Math.Min(sum, total) : sum;
        var totalText = classRule.TotalCap is { } shownTotal
            ? Ui.Text("合計: 費用 {0}円、各項目の補助額の計 {1}円、全体の上限 {2}円 → 補助金の額 {3}円", Yen(lines.Sum(l => l.Cost)), Yen(sum), Yen(shownTotal), Yen(amount))
            : Ui.Text("合計: 費用 {0}円、各項目の補助額の計 {1}円、全体の上限なし → 補助金の額 {2}円", Yen(lines.Sum(l => l.Cost)), Yen(sum), Yen(amount));

        var documents = ruleSet.Documents
            .Select(d => new SubsidyDocumentNeed(d.Document, Need(d, costs)))
            .ToList();
        return new SubsidyComputation(ruleSet, classRule, lines, sum, classRule.TotalCap, amount, totalText, documents);
    }

    /// <summary>
    /// The set that applies on <paramref name="date"/>: the latest that began on or before it, unless it ended
    /// (<see cref="SubsidyRuleSet.ValidUntil"/>) before the date.
    /// </summary>
    public static SubsidyRuleSet? RuleSetFor(SubsidyOptions rules, DateOnly date)
    {
        var set = rules.RuleSets.Where(r => r.ValidFrom <= date).MaxBy(r => r.ValidFrom);
        return set is not null && (set.ValidUntil is null || date <= set.ValidUntil) ? set : null;
    }

    private static DocumentNeed Need(SubsidyDocumentRule rule, IReadOnlyDictionary<SubsidyItem, long> costs) => rule.Required switch
    {
        DocumentRequirement.Always => DocumentNeed.Required,
        DocumentRequirement.Optional => DocumentNeed.Optional,
        _ => rule.Items.Any(i => costs.GetValueOrDefault(i) > 0) ? DocumentNeed.Required : DocumentNeed.NotNeeded,
    };

    private static string Yen(long yen) => yen.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>A computed subsidy: the rules used, the lines, and the documents the claim must attach.</summary>
/// <param name="Subtotal">The sum of the items' subsidies, before the total cap.</param>
/// <param name="Amount">The subsidy: the subtotal, at most the total cap.</param>
public sealed record SubsidyComputation(
    SubsidyRuleSet RuleSet,
    SubsidyClassRule ClassRule,
    IReadOnlyList<SubsidyLine> Lines,
    long Subtotal,
    long? TotalCap,
    long Amount,
    string TotalText,
    IReadOnlyList<SubsidyDocumentNeed> Documents)
{
    /// <summary>"サンプル表…（病院（病床数 200〜））" for the heading of the computation.</summary>
    public string Heading => $"{RuleSet.Name}（{ClassRule.Label}）";

    public IEnumerable<SubsidyDocument> Required => Documents.Where(d => d.Need == DocumentNeed.Required).Select(d => d.Document);
}

/// <summary>
/// One item's step: cost × rate = computed (yen below 1 cut off), against the cap, giving the result. A null
/// <paramref name="Rate"/> means the item is not subsidised under the rules; a null <paramref name="Cap"/>, no cap.
/// </summary>
public sealed record SubsidyLine(SubsidyItem Item, long Cost, SubsidyRate? Rate, long Computed, long? Cap, long Result, string Text)
{
    /// <summary>Whether the cap cut the amount (the page marks the line).</summary>
    public bool Capped => Cap is { } cap && Computed > cap;
}

public enum DocumentNeed
{
    Required,
    Optional,
    NotNeeded,
}

public sealed record SubsidyDocumentNeed(SubsidyDocument Document, DocumentNeed Need);
