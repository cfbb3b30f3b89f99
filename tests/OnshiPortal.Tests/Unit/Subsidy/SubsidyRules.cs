using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.Subsidy;

namespace OnshiPortal.Tests.Unit.Subsidy;

/// <summary>
/// The tests' own rule table (not appsettings.json's sample, which an operator replaces):
/// A 2021-04-01..2023-03-31, B 2023-04-01..2024-03-31, a gap, C from 2024-10-01.
/// </summary>
internal static class SubsidyRules
{
    public static SubsidyOptions Table() => new()
    {
        RuleSets =
        [
            new()
            {
                Name = "A",
                ValidFrom = new DateOnly(2021, 4, 1),
                ValidUntil = new DateOnly(2023, 3, 31),
                Classes =
                [
                    new()
                    {
                        Class = InstitutionClass.Hospital, MinBeds = 20, MaxBeds = 199, TotalCap = 1_200_000,
                        Items = [Item(SubsidyItem.CardReader, "1/2", 200_000), Item(SubsidyItem.Terminal, "1/2", 400_000), Item(SubsidyItem.SystemChange, "2/3", 1_000_000)],
                    },
                    new()
                    {
                        Class = InstitutionClass.Hospital, MinBeds = 200,
                        Items = [Item(SubsidyItem.CardReader, "1/2", 400_000)],
                    },
                    new()
                    {
                        Class = InstitutionClass.Clinic, TotalCap = 300_000,
                        Items = [.. Enum.GetValues<SubsidyItem>().Select(i => Item(i, "3/4", 100_000))],
                    },
                ],
                Documents =
                [
                    new() { Document = SubsidyDocument.Receipt, Required = DocumentRequirement.Always },
                    new() { Document = SubsidyDocument.ReceiptBreakdown, Required = DocumentRequirement.WhenCost, Items = [SubsidyItem.SystemChange, SubsidyItem.Other] },
                    new() { Document = SubsidyDocument.CompletionReport, Required = DocumentRequirement.Optional },
                ],
            },
            new()
            {
                Name = "B",
                ValidFrom = new DateOnly(2023, 4, 1),
                ValidUntil = new DateOnly(2024, 3, 31),
                Classes = [new() { Class = InstitutionClass.Clinic, Items = [.. Enum.GetValues<SubsidyItem>().Select(i => Item(i, "0.5", 50_000))] }],
            },
            new()
            {
                Name = "C",
                ValidFrom = new DateOnly(2024, 10, 1),
                Classes = [new() { Class = InstitutionClass.Clinic, Items = [Item(SubsidyItem.CardReader, "1/2", null)] }],
            },
        ],
        Payer = new()
        {
            RequesterCode = "1234567890",
            RequesterName = "ｻﾝﾌﾟﾙ ｷｷﾝ",
            BankCode = "0999",
            BankName = "ｻﾝﾌﾟﾙ",
            BranchCode = "001",
            BranchName = "ﾎﾝﾃﾝ",
            AccountNumber = "1234567",
        },
    };

    private static SubsidyItemRule Item(SubsidyItem item, string rate, long? cap) => new() { Item = item, Rate = rate, Cap = cap };
}
