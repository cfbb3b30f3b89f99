using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Procedures;
using OnshiPortal.Features.Subsidy.Claims;
using OnshiPortal.Features.Subsidy.Payments;

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
    /// <remarks>The account's fields sealed as the claim's form stores them (the fields its configuration marks private).</remarks>
    public static async Task<Filing> AddAcceptedClaimAsync(this PortalAppFactory app, string code, long amount, DateTimeOffset acceptedAt, Dictionary<string, string>? account = null)
    {
        var privateKeys = app.Services.GetRequiredService<IOptions<ProcedureOptions>>().Value.FormOf(FilingType.SubsidyClaim).Fields.Where(f => f.Private).Select(f => f.Id).ToList();
        var entries = app.Services.GetRequiredService<PrivateEntries>().SealEntries(JsonSerializer.Serialize(account ?? Account()), privateKeys);
        return await app.AddFilingAsync(code, FilingType.SubsidyClaim, FilingState.Accepted, acceptedAt, entries: entries, amount: amount);
    }

    /// <summary>A batch as the Admin downloads it: its 全銀 file and accounts opened.</summary>
    public static async Task<PaymentBatch> OpenedBatchAsync(this PortalAppFactory app, long id)
    {
        await using var db = app.Database.CreateContext();
        return await PaymentFiles.OpenedAsync(db, app.Services.GetRequiredService<PrivateEntries>(), id, CancellationToken.None)
            ?? throw new InvalidOperationException($"no payment batch {id}");
    }
}
