using System.Text.Json;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Subsidy.Claims;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// Accepted subsidy claims written as they stand after review (受理 at a known instant, an amount granted, an
/// account), for the month's close and the bank's result; the claim's form and review have their own tests.
/// </summary>
public static class PaymentScenario
{
    public static Dictionary<string, string> Account(string holder = "ｲ)ｻｸﾗｶｲ", string number = "1234567") => new()
    {
        [SubsidyClaimFields.BankCode] = "0005",
        [SubsidyClaimFields.BranchCode] = "001",
        [SubsidyClaimFields.DepositType] = "普通",
        [SubsidyClaimFields.AccountNumber] = number,
        [SubsidyClaimFields.HolderName] = holder,
    };

    /// <summary>A claim in 受理 since <paramref name="acceptedAt"/>, granted <paramref name="amount"/>.</summary>
    public static async Task<Filing> AddAcceptedClaimAsync(this PortalAppFactory app, string code, long amount, DateTimeOffset acceptedAt, Dictionary<string, string>? account = null) =>
        await app.AddFilingAsync(code, FilingType.SubsidyClaim, FilingState.Accepted, acceptedAt, entries: JsonSerializer.Serialize(account ?? Account()), amount: amount);
}
