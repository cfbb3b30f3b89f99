using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace OnshiPortal.Infrastructure.Web;

/// <summary>
/// Carries a form's entries through its check page (確認画面) in a hidden field, encrypted and signed with ASP.NET
/// Core Data Protection, bound to who may use it (a login, a registration URL) and valid 30 minutes: the server
/// keeps no state between the pages, the back button works, and a password entered never appears in a page.
/// </summary>
public sealed class DraftSeal(IDataProtectionProvider protection)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    public string Seal<T>(string purpose, string boundTo, T draft) =>
        Protector(purpose, boundTo).Protect(JsonSerializer.Serialize(draft), Lifetime);

    /// <summary>Null when missing, expired, tampered with, or sealed for someone else.</summary>
    public T? Open<T>(string purpose, string boundTo, string? sealedDraft)
        where T : class
    {
        if (string.IsNullOrEmpty(sealedDraft))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(Protector(purpose, boundTo).Unprotect(sealedDraft));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    private ITimeLimitedDataProtector Protector(string purpose, string boundTo) =>
        protection.CreateProtector("OnshiPortal.Draft", purpose, boundTo).ToTimeLimitedDataProtector();
}
