using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Institutions;
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

    public static async Task<Filing> AddAcceptedClaimAsync(this PortalAppFactory app, string code, long amount, DateTimeOffset acceptedAt, Dictionary<string, string>? account = null)
    {
        await using var db = app.Database.CreateContext();
        var filer = await db.Users.AsNoTracking().Where(u => u.AccountOf == code).Select(u => u.Id).FirstAsync();
        var parsed = InstitutionCode.Parse(code);
        var number = await db.Set<Filing>().CountAsync() + 1;
        var filing = new Filing
        {
            Type = FilingType.SubsidyClaim,
            ReceiptNumber = $"H-2026-{number:000000}",
            State = FilingState.Accepted,
            InstitutionCode = code,
            Prefecture = parsed.Prefecture,
            Kind = parsed.Kind,
            InstitutionName = "医療機関" + code,
            FiledByUserId = filer,
            SubmittedAt = acceptedAt.AddDays(-3).ToUniversalTime(),
            UpdatedAt = acceptedAt.ToUniversalTime(),
            Entries = JsonSerializer.Serialize(account ?? Account()),
            Fields = "[]",
            Amount = amount,
        };
        db.Set<Filing>().Add(filing);
        await db.SaveChangesAsync();
        return filing;
    }
}
