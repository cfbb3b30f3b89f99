using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace OnshiPortal.Features.Activation;

/// <summary>What アカウント情報編集 holds between the input page, the check page and the confirmation.</summary>
public sealed record ActivationDraft(string Email, string Password, string Phone, string ContactPerson);

/// <summary>
/// Carries the draft through the check page in a hidden field, encrypted and signed (ASP.NET Core Data Protection),
/// bound to the credential that logged in and valid for 30 minutes: the server keeps no state between the pages,
/// the browser's back button works, and the password never appears in the page.
/// </summary>
public sealed class ActivationDraftProtector(IDataProtectionProvider protection)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    public string Protect(long credentialId, ActivationDraft draft) =>
        Protector(credentialId).Protect(JsonSerializer.Serialize(draft), Lifetime);

    public ActivationDraft? Unprotect(long credentialId, string? protectedDraft)
    {
        if (string.IsNullOrEmpty(protectedDraft))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ActivationDraft>(Protector(credentialId).Unprotect(protectedDraft));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null; // expired, tampered with, or made for another login
        }
    }

    private ITimeLimitedDataProtector Protector(long credentialId) =>
        protection.CreateProtector("OnshiPortal.Activation.Draft", credentialId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .ToTimeLimitedDataProtector();
}
