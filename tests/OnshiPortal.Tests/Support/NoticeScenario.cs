using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Procedures;
using OnshiPortal.Features.Procedures.ServiceApplications;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// The filings the notices follow (an accepted 利用申請, a certificate request marked 発行済), made through
/// FilingService as the institution's person and the operator would, without the forms (tested on their own).
/// </summary>
public static class NoticeScenario
{
    public const string Operator = "operator@shiharai.example.jp";

    public static Dictionary<string, string?> ServiceApplicationEntries(int terminals = 2) => new()
    {
        ["lineType"] = "その他の閉域網", // the choices with full-width brackets do not pass the check (NFKC makes them half-width)
        ["customerId"] = "CAF1234567890",
        ["plannedMonth"] = "2027-04",
        ["terminals"] = terminals.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["vendorName"] = "株式会社オンライン資格システムズ",
        ["vendorContact"] = "山田 太郎",
        ["vendorPhone"] = "03-1234-5678",
        ["vendorEmail"] = string.Empty,
    };

    public static Dictionary<string, string?> CertificateEntries(int terminal, string place) => new()
    {
        ["terminal"] = terminal.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["terminalName"] = place,
    };

    /// <summary>What the person of <paramref name="email"/> acts as (their institution and role, or a vendor's delegation).</summary>
    public static async Task<InstitutionAccess> AccessOfAsync(this WebApplicationFactory<Program> app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        return await scope.ServiceProvider.GetRequiredService<InstitutionAccesses>().ResolveAsync(id, null)
            ?? throw new InvalidOperationException($"{email} acts for no institution.");
    }

    /// <summary>Files a procedure with the entries as the form would check them; returns the filing (or fails with the refusal).</summary>
    public static async Task<Filing> FileAsync(this WebApplicationFactory<Program> app, string email, FilingType type, Dictionary<string, string?> entries)
    {
        var access = await app.AccessOfAsync(email);
        await using var scope = app.Services.CreateAsyncScope();
        var fields = scope.ServiceProvider.GetRequiredService<IOptions<ProcedureOptions>>().Value.FormOf(type).Fields;
        var check = ProcedureFields.Check(fields, entries);
        Assert.True(check.IsValid, string.Join(", ", check.Errors.Values));
        var (quantity, effectiveOn) = ProcedureCatalog.Of(type).Columns(check.Values);
        var draft = new FilingDraft(type, JsonSerializer.Serialize(check.Values), ProcedureFields.Describe(fields, check.Values), Values: check.Values, Quantity: quantity, EffectiveOn: effectiveOn);
        var outcome = await scope.ServiceProvider.GetRequiredService<FilingService>().SubmitAsync(access, draft, Guid.NewGuid());
        Assert.True(outcome.Filing is not null, outcome.Refusal);
        return outcome.Filing!;
    }

    /// <summary>受理 by the operator; returns the refusal, null when accepted.</summary>
    public static async Task<string?> AcceptAsync(this WebApplicationFactory<Program> app, long filingId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FilingService>().AcceptAsync(filingId, Operator);
    }

    /// <summary>発行済 by an operator; returns the refusal, null when done.</summary>
    public static async Task<string?> MarkIssuedAsync(this WebApplicationFactory<Program> app, long filingId, string operatorLogin = Operator)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FilingService>().FulfilAsync(filingId, FilingState.Issued, operatorLogin, null, null);
    }

    /// <summary>A 利用申請 filed by <paramref name="email"/> and accepted: the institution's master accounts are issued.</summary>
    public static async Task<Filing> AcceptedServiceApplicationAsync(this WebApplicationFactory<Program> app, string email, int terminals = 2)
    {
        var filing = await app.FileAsync(email, FilingType.ServiceApplication, ServiceApplicationEntries(terminals));
        Assert.Null(await app.AcceptAsync(filing.Id));
        return filing;
    }

    /// <summary>A certificate request for a terminal, accepted and marked 発行済 (the 利用申請 must be accepted already).</summary>
    public static async Task<Filing> IssuedCertificateAsync(this WebApplicationFactory<Program> app, string email, int terminal, string place, string operatorLogin = Operator)
    {
        var filing = await app.FileAsync(email, FilingType.CertificateRequest, CertificateEntries(terminal, place));
        Assert.Null(await app.AcceptAsync(filing.Id));
        Assert.Null(await app.MarkIssuedAsync(filing.Id, operatorLogin));
        return filing;
    }

    public static async Task<MasterAccount?> MasterAccountAsync(this PortalAppFactory app, string code)
    {
        await using var db = app.Database.CreateContext();
        return await db.Set<MasterAccount>().AsNoTracking().SingleOrDefaultAsync(a => a.InstitutionCode == code);
    }

    /// <summary>The two initial passwords of a downloaded notice (production, then test).</summary>
    public static (string Production, string Test) PasswordsIn(string notice)
    {
        var passwords = System.Text.RegularExpressions.Regex.Matches(notice, @"初期パスワード:\s+(\S+)").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, passwords.Count);
        return (passwords[0], passwords[1]);
    }
}
