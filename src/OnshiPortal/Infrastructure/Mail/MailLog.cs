using System.Text.RegularExpressions;

namespace OnshiPortal.Infrastructure.Mail;

/// <summary>
/// A send failure as the logs may say it. A relay's refusal often quotes the recipient (Postfix: "550 5.1.1
/// &lt;taro@clinic.example&gt;: Recipient address rejected"), and MailKit puts the server's text in the exception's
/// message: logged as is, the address (personal data) would end up in every log store. So the worker logs the
/// exception's types and messages with anything shaped like an address blanked, never the exception object itself.
/// </summary>
public static partial class MailLog
{
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var parts = new List<string>();
        for (var e = exception; e is not null && parts.Count < 4; e = e.InnerException)
        {
            var status = e is MailKit.Net.Smtp.SmtpCommandException smtp ? $" [{(int)smtp.StatusCode} {smtp.ErrorCode}]" : string.Empty;
            parts.Add($"{e.GetType().Name}{status}: {Redact(e.Message)}");
        }

        return string.Join(" ---> ", parts);
    }

    public static string Redact(string text) => Address().Replace(text, "<address>");

    [GeneratedRegex(@"[^\s<>""'(),;:\[\]]+@[^\s<>""'(),;:\[\]]+")]
    private static partial Regex Address();
}
