using System.Globalization;
using Microsoft.Extensions.Options;

namespace OnshiPortal.Features.Subsidy;

/// <summary>
/// Checks the <c>Subsidy</c> section when the portal starts (ValidateOnStart): rules that would compute a wrong
/// amount stop the start with a message naming the key, instead of surfacing in a reviewer's queue. Refused: two
/// sets from the same date, a set that runs into the next (or ends before it begins), a rate outside 0..1 or not a
/// number, a negative cap, a class listed twice for overlapping bed counts, an item twice in a class, a document
/// rule "WhenCost" without items, and a payer the 全銀 file cannot carry. The messages are for the operator who
/// edits appsettings.json: Japanese, with the configuration key.
/// </summary>
public sealed class SubsidyOptionsValidation : IValidateOptions<SubsidyOptions>
{
    public ValidateOptionsResult Validate(string? name, SubsidyOptions options)
    {
        var errors = Errors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static List<string> Errors(SubsidyOptions options)
    {
        var errors = new List<string>();
        if (options.RuleSets.Count == 0)
        {
            errors.Add("Subsidy:RuleSets: 補助金の規則が1つもありません。");
        }

        var ordered = options.RuleSets.Select((set, index) => (Set: set, Key: $"Subsidy:RuleSets:{index}")).OrderBy(r => r.Set.ValidFrom).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var (set, key) = ordered[i];
            if (string.IsNullOrWhiteSpace(set.Name))
            {
                errors.Add($"{key}:Name: 規則の名前がありません。");
            }

            if (set.ValidFrom == default)
            {
                errors.Add($"{key}:ValidFrom: 適用開始日（ValidFrom）がありません。");
            }

            if (set.ValidUntil is { } until && until < set.ValidFrom)
            {
                errors.Add($"{key}:ValidUntil: 適用終了日 {Day(until)} が適用開始日 {Day(set.ValidFrom)} より前です。");
            }

            if (i + 1 < ordered.Count)
            {
                var (next, nextKey) = ordered[i + 1];
                if (next.ValidFrom == set.ValidFrom)
                {
                    errors.Add($"{key} と {nextKey}: 適用開始日（ValidFrom）が同じ {Day(set.ValidFrom)} です。どちらを使うか決められません。");
                }
                else if (set.ValidUntil is { } end && end >= next.ValidFrom)
                {
                    errors.Add($"{key} と {nextKey}: 期間が重なっています（{Day(set.ValidFrom)}〜{Day(end)} と {Day(next.ValidFrom)}〜）。");
                }
            }

            ClassErrors(set, key, errors);
            DocumentErrors(set, key, errors);
        }

        PayerErrors(options.Payer, errors);
        if (options.File.MaxTransfersPerFile is < 1 or > ZenginTransferFile.MaxCount)
        {
            errors.Add($"Subsidy:File:MaxTransfersPerFile: 1から{ZenginTransferFile.MaxCount:#,0}の間にしてください（{options.File.MaxTransfersPerFile}）。");
        }

        return errors;
    }

    private static void ClassErrors(SubsidyRuleSet set, string key, List<string> errors)
    {
        for (var c = 0; c < set.Classes.Count; c++)
        {
            var rule = set.Classes[c];
            var classKey = $"{key}:Classes:{c}";
            if (rule.MinBeds is < 0 || rule.MaxBeds is < 0)
            {
                errors.Add($"{classKey}: 病床数の範囲に負の数があります。");
            }

            if (rule.MinBeds is { } min && rule.MaxBeds is { } max && min > max)
            {
                errors.Add($"{classKey}: 病床数の範囲 {min}〜{max} の下限が上限より大きくなっています。");
            }

            if (rule.TotalCap is < 0)
            {
                errors.Add($"{classKey}:TotalCap: 全体の上限額が負の数です（{rule.TotalCap}）。");
            }

            for (var other = 0; other < c; other++)
            {
                var earlier = set.Classes[other];
                if (earlier.Class == rule.Class && Overlap(earlier, rule))
                {
                    errors.Add($"{classKey}: {rule.Label} の規則が {key}:Classes:{other}（{earlier.Label}）と重なっています。病床数の範囲を分けてください。");
                }
            }

            for (var i = 0; i < rule.Items.Count; i++)
            {
                var item = rule.Items[i];
                var itemKey = $"{classKey}:Items:{i}";
                if (SubsidyRate.Parse(item.Rate, out var rateError) is null)
                {
                    errors.Add($"{itemKey}:Rate: {rateError}");
                }

                if (item.Cap is < 0)
                {
                    errors.Add($"{itemKey}:Cap: {item.Item.Japanese()}の上限額が負の数です（{item.Cap}）。");
                }

                if (rule.Items.Take(i).Any(earlier => earlier.Item == item.Item))
                {
                    errors.Add($"{itemKey}: {item.Item.Japanese()}が2度書かれています。");
                }
            }
        }
    }

    private static bool Overlap(SubsidyClassRule a, SubsidyClassRule b) =>
        (a.MinBeds ?? int.MinValue) <= (b.MaxBeds ?? int.MaxValue) && (b.MinBeds ?? int.MinValue) <= (a.MaxBeds ?? int.MaxValue);

    private static void DocumentErrors(SubsidyRuleSet set, string key, List<string> errors)
    {
        for (var d = 0; d < set.Documents.Count; d++)
        {
            var rule = set.Documents[d];
            if (rule.Required == DocumentRequirement.WhenCost && rule.Items.Count == 0)
            {
                errors.Add($"{key}:Documents:{d}: {rule.Document.Japanese()}は WhenCost ですが、どの項目の費用で必要になるか（Items）がありません。");
            }

            if (set.Documents.Take(d).Any(earlier => earlier.Document == rule.Document))
            {
                errors.Add($"{key}:Documents:{d}: {rule.Document.Japanese()}が2度書かれています。");
            }
        }
    }

    private static void PayerErrors(ZenginPayer payer, List<string> errors)
    {
        Digits(payer.RequesterCode, 10, 10, "Subsidy:Payer:RequesterCode", "振込依頼人コード", errors);
        Digits(payer.BankCode, 4, 4, "Subsidy:Payer:BankCode", "仕向銀行番号", errors);
        Digits(payer.BranchCode, 3, 3, "Subsidy:Payer:BranchCode", "仕向支店番号", errors);
        Digits(payer.AccountNumber, 1, 7, "Subsidy:Payer:AccountNumber", "口座番号", errors);
        Text(payer.RequesterName, 40, required: true, "Subsidy:Payer:RequesterName", "振込依頼人名", errors);
        Text(payer.BankName, 15, required: false, "Subsidy:Payer:BankName", "仕向銀行名", errors);
        Text(payer.BranchName, 15, required: false, "Subsidy:Payer:BranchName", "仕向支店名", errors);
    }

    private static void Digits(string value, int min, int max, string key, string label, List<string> errors)
    {
        if (value.Length < min || value.Length > max || !value.All(char.IsAsciiDigit))
        {
            errors.Add(min == max
                ? $"{key}: {label}は{max}桁の半角数字で書いてください（「{value}」）。"
                : $"{key}: {label}は{max}桁までの半角数字で書いてください（「{value}」）。");
        }
    }

    /// <summary>A payer's text as the file carries it: already 全銀 カナ, since the bank registered it so.</summary>
    private static void Text(string value, int max, bool required, string key, string label, List<string> errors)
    {
        if (value.Length == 0)
        {
            if (required)
            {
                errors.Add($"{key}: {label}がありません。");
            }

            return;
        }

        if (!ZenginKana.IsSendable(value) || value.Length > max)
        {
            errors.Add($"{key}: {label}「{value}」は半角カナ・英大文字・数字で{max}文字以内にしてください。");
        }
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
