using System.Globalization;
using OnshiPortal.Infrastructure.Web;

namespace OnshiPortal.Features.Activation;

/// <summary>What アカウント情報編集 holds between the input page, the check page and the confirmation.</summary>
public sealed record ActivationDraft(string Email, string Password, string Phone, string ContactPerson);

/// <summary>Seals the activation draft to the credential that logged in (see <see cref="DraftSeal"/>).</summary>
public sealed class ActivationDraftProtector(DraftSeal seal)
{
    private const string Purpose = "Activation";

    public string Protect(long credentialId, ActivationDraft draft) =>
        seal.Seal(Purpose, credentialId.ToString(CultureInfo.InvariantCulture), draft);

    public ActivationDraft? Unprotect(long credentialId, string? protectedDraft) =>
        seal.Open<ActivationDraft>(Purpose, credentialId.ToString(CultureInfo.InvariantCulture), protectedDraft);
}
