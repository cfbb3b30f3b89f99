using System.Globalization;
using System.Text;
using OnshiPortal.Infrastructure;

namespace OnshiPortal.Features.Activation;

/// <summary>The operator's file of issued credentials, for the letter printer: the only copy of the passwords.</summary>
public static class CredentialCsv
{
    public const string Header = "医療機関等コード,仮ID,仮パスワード,有効期限";

    /// <summary>UTF-8 with a BOM (so that Excel reads the Japanese header), readable by its owner alone.</summary>
    public static async Task WriteAsync(string path, IEnumerable<IssuedCredential> issued, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), OwnerOnlyFile.CreateNew()) { NewLine = "\r\n" };
        await writer.WriteLineAsync(Header);
        foreach (var credential in issued)
        {
            // Codes, IDs and the password alphabet hold no comma or quote: no field needs quoting.
            var expires = credential.ExpiresAt.ToJapan().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            await writer.WriteLineAsync($"{credential.InstitutionCode},{credential.LoginId},{credential.Password},{expires}".AsMemory(), cancellationToken);
        }
    }
}
