using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.Subsidy;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Unit.Subsidy;

public sealed class SubsidyOptionsTests
{
    public static TheoryData<string, Action<SubsidyOptions>, string> Broken => new()
    {
        { "same ValidFrom", o => o.RuleSets[1].ValidFrom = o.RuleSets[0].ValidFrom, "Subsidy:RuleSets:0 と Subsidy:RuleSets:1: 適用開始日（ValidFrom）が同じ 2021-04-01 です" },
        { "overlap", o => o.RuleSets[0].ValidUntil = new DateOnly(2023, 4, 1), "Subsidy:RuleSets:0 と Subsidy:RuleSets:1: 期間が重なっています（2021-04-01〜2023-04-01 と 2023-04-01〜）" },
        { "ends before it begins", o => o.RuleSets[2].ValidUntil = new DateOnly(2024, 9, 30), "Subsidy:RuleSets:2:ValidUntil: 適用終了日 2024-09-30 が適用開始日 2024-10-01 より前です" },
        { "no ValidFrom", o => o.RuleSets[2].ValidFrom = default, "Subsidy:RuleSets:2:ValidFrom: 適用開始日（ValidFrom）がありません" },
        { "negative cap", o => o.RuleSets[0].Classes[0].Items[1].Cap = -1, "Subsidy:RuleSets:0:Classes:0:Items:1:Cap: 資格確認端末の上限額が負の数です（-1）" },
        { "negative total cap", o => o.RuleSets[0].Classes[2].TotalCap = -300_000, "Subsidy:RuleSets:0:Classes:2:TotalCap: 全体の上限額が負の数です（-300000）" },
        { "rate above 1", o => o.RuleSets[0].Classes[0].Items[0].Rate = "3/2", "Subsidy:RuleSets:0:Classes:0:Items:0:Rate: 補助率「3/2」は0から1の間にしてください" },
        { "rate above 1 as a decimal", o => o.RuleSets[1].Classes[0].Items[0].Rate = "1.5", "Subsidy:RuleSets:1:Classes:0:Items:0:Rate: 補助率「1.5」は0から1の間にしてください" },
        { "negative rate", o => o.RuleSets[1].Classes[0].Items[0].Rate = "-0.5", "補助率「-0.5」は0から1の間にしてください" },
        { "rate not a number", o => o.RuleSets[1].Classes[0].Items[0].Rate = "半分", "補助率「半分」は分数（例: 1/2）か小数（例: 0.5）で書いてください" },
        { "rate over zero", o => o.RuleSets[1].Classes[0].Items[0].Rate = "1/0", "補助率「1/0」は分数（例: 1/2）か小数（例: 0.5）で書いてください" },
        { "bands overlap", o => o.RuleSets[0].Classes[1].MinBeds = 199, "Subsidy:RuleSets:0:Classes:1: 病院（病床数 199〜） の規則が Subsidy:RuleSets:0:Classes:0（病院（病床数 20〜199））と重なっています" },
        { "class twice", o => o.RuleSets[1].Classes.Add(new() { Class = InstitutionClass.Clinic }), "Subsidy:RuleSets:1:Classes:1: 医科診療所 の規則が Subsidy:RuleSets:1:Classes:0（医科診療所）と重なっています" },
        { "band upside down", o => o.RuleSets[0].Classes[0].MaxBeds = 10, "Subsidy:RuleSets:0:Classes:0: 病床数の範囲 20〜10 の下限が上限より大きくなっています" },
        { "item twice", o => o.RuleSets[2].Classes[0].Items.Add(new() { Item = SubsidyItem.CardReader, Rate = "1/3" }), "Subsidy:RuleSets:2:Classes:0:Items:1: カードリーダーが2度書かれています" },
        { "WhenCost without items", o => o.RuleSets[0].Documents[1].Items.Clear(), "Subsidy:RuleSets:0:Documents:1: 領収書内訳書（写）は WhenCost ですが、どの項目の費用で必要になるか（Items）がありません" },
        { "no rule set", o => o.RuleSets.Clear(), "Subsidy:RuleSets: 補助金の規則が1つもありません" },
        { "requester code", o => o.Payer.RequesterCode = "12345", "Subsidy:Payer:RequesterCode: 振込依頼人コードは10桁の半角数字で書いてください（「12345」）" },
        { "payer name in kanji", o => o.Payer.RequesterName = "医療情報化支援基金", "Subsidy:Payer:RequesterName: 振込依頼人名「医療情報化支援基金」は半角カナ・英大文字・数字で40文字以内にしてください" },
        { "payer bank code", o => o.Payer.BankCode = "１２３４", "Subsidy:Payer:BankCode: 仕向銀行番号は4桁の半角数字で書いてください（「１２３４」）" },
        { "file size", o => o.File.MaxTransfersPerFile = 0, "Subsidy:File:MaxTransfersPerFile: 1から999,999の間にしてください（0）" },
    };

    [Fact]
    public void The_test_table_is_valid()
    {
        Assert.Empty(SubsidyOptionsValidation.Errors(SubsidyRules.Table()));
    }

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_wrong_table_is_refused_with_its_key(string what, Action<SubsidyOptions> breakIt, string expected)
    {
        var options = SubsidyRules.Table();
        breakIt(options);

        var errors = SubsidyOptionsValidation.Errors(options);

        Assert.True(errors.Any(e => e.Contains(expected, StringComparison.Ordinal)), $"{what}: {string.Join(" | ", errors)}");
    }

    [Fact]
    public void The_shipped_sample_is_valid_and_says_it_is_an_example()
    {
        var options = Bind(new ConfigurationBuilder().AddJsonFile(Path.Combine(RepositoryPaths.Root, "src", "OnshiPortal", "appsettings.json")).Build());

        Assert.Empty(SubsidyOptionsValidation.Errors(options));
        Assert.NotEmpty(options.RuleSets);
        Assert.All(options.RuleSets, r => Assert.Contains("例示", r.Name + r.Notice));
        Assert.All(options.RuleSets, r => Assert.Contains("国の実際の補助率・上限額ではありません", r.Notice));

        // Every class the portal knows has a rule (hospitals for every bed count from 20) on a recent date.
        foreach (var institutionClass in Enum.GetValues<InstitutionClass>())
        {
            var beds = institutionClass == InstitutionClass.Hospital ? 20 : (int?)null;
            Assert.NotNull(SubsidyCalculation.Calculate(options, institutionClass, beds, new DateOnly(2026, 12, 1), new Dictionary<SubsidyItem, long>(), out _));
            Assert.NotNull(SubsidyCalculation.Calculate(options, institutionClass, beds is null ? null : 5000, new DateOnly(2022, 1, 1), new Dictionary<SubsidyItem, long>(), out _));
        }
    }

    [Fact]
    public void The_portal_does_not_start_on_a_wrong_table()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Subsidy:RuleSets:0:Name"] = "X",
            ["Subsidy:RuleSets:0:ValidFrom"] = "2021-04-01",
            ["Subsidy:RuleSets:0:Classes:0:Class"] = "Clinic",
            ["Subsidy:RuleSets:0:Classes:0:Items:0:Item"] = "CardReader",
            ["Subsidy:RuleSets:0:Classes:0:Items:0:Rate"] = "3/2",
            ["Subsidy:Payer:RequesterCode"] = "1234567890",
            ["Subsidy:Payer:RequesterName"] = "ｷｷﾝ",
            ["Subsidy:Payer:BankCode"] = "0999",
            ["Subsidy:Payer:BranchCode"] = "001",
            ["Subsidy:Payer:AccountNumber"] = "1234567",
        }).Build();
        using var provider = new ServiceCollection().AddSubsidy(configuration).BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("補助率「3/2」は0から1の間にしてください", failure.Message);
    }

    private static SubsidyOptions Bind(IConfiguration configuration)
    {
        using var provider = new ServiceCollection().AddSubsidy(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<SubsidyOptions>>().Value;
    }
}
