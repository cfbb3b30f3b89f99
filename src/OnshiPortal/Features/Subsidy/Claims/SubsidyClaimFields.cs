namespace OnshiPortal.Features.Subsidy.Claims;

/// <summary>The ids of the claim's fields that code reads (their labels, hints and limits are configuration).</summary>
public static class SubsidyClaimFields
{
    public const string BankCode = "bankCode";

    public const string BranchCode = "branchCode";

    public const string DepositType = "depositType";

    public const string AccountNumber = "accountNumber";

    public const string HolderName = "holderName";

    /// <summary>The field of an item's 総事業費 (yen): costCardReader, costTerminal, ...</summary>
    public static string CostOf(SubsidyItem item) => "cost" + item;

    /// <summary>The account from a claim's entries, or null with the errors keyed by the field's id.</summary>
    public static BankAccount? AccountOf(IReadOnlyDictionary<string, string> values, out IReadOnlyDictionary<string, string> errors)
    {
        var account = BankAccount.Create(
            values.GetValueOrDefault(BankCode),
            values.GetValueOrDefault(BranchCode),
            values.GetValueOrDefault(DepositType),
            values.GetValueOrDefault(AccountNumber),
            values.GetValueOrDefault(HolderName),
            out var byProperty);
        errors = byProperty.ToDictionary(e => FieldOf(e.Key), e => e.Value);
        return account;
    }

    private static string FieldOf(string property) => property switch
    {
        nameof(Subsidy.BankAccount.BankCode) => BankCode,
        nameof(Subsidy.BankAccount.BranchCode) => BranchCode,
        nameof(Subsidy.BankAccount.DepositType) => DepositType,
        nameof(Subsidy.BankAccount.AccountNumber) => AccountNumber,
        _ => HolderName,
    };
}
