using System.Net;
using Microsoft.Extensions.Options;

namespace OnshiPortal.Infrastructure.Mail;

/// <summary>
/// <c>Mail:BaseUrl</c>, the address every mail link and every letter's QR code sends an institution to. A portal
/// in service whose setting was left at its default (http://localhost:5080) would post hundreds of thousands of
/// letters that lead nowhere: outside Development, a loopback, non-https or malformed address stops the mail relay
/// and the making of letters, with a message that names the setting, until it is fixed. The mails wait in the
/// outbox meanwhile; nothing is lost. <c>Mail:AllowLocalBaseUrl</c> lifts the rule for a rig on one machine (the
/// tests), never for a portal in service.
/// </summary>
public sealed class PublicAddress(IOptions<MailOptions> options, IHostEnvironment environment)
{
    /// <summary>Why nothing addressed to institutions may leave the portal now, in Japanese; null when it may.</summary>
    public string? Problem =>
        environment.IsDevelopment() || options.Value.AllowLocalBaseUrl ? null : ProblemOf(options.Value.BaseUrl);

    /// <summary>The Japanese reason <paramref name="baseUrl"/> cannot be printed on a letter in service, or null.</summary>
    public static string? ProblemOf(string? baseUrl)
    {
        var why = !Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) ? "URLの形式ではありません"
            : uri.Scheme != Uri.UriSchemeHttps ? "https:// で始まっていません"
            : IsLoopback(uri.Host) ? "この機械の中だけのアドレス（ループバック）です"
            : null;
        return why is null
            ? null
            : $"設定 Mail:BaseUrl（「{baseUrl}」）が{why}。メールのリンクや送付状のQRコードに使うポータルサイトの公開アドレス"
              + "（例: https://www.iryohokenjyoho-portalsite.jp）を設定してください。設定されるまで、メールの送信と送付状の作成を停止しています。";
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)));
}
