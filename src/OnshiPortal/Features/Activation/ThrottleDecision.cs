using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Activation;

/// <summary>Whether a login may be tried now; if not, how long to wait and the message for the person.</summary>
public sealed record ThrottleDecision(bool Allowed, int RetryAfterSeconds, string? Message)
{
    public static readonly ThrottleDecision Allow = new(true, 0, null);

    public static ThrottleDecision Refuse(int seconds) =>
        new(false, seconds, Ui.Text("ログインの試行が続いたため、しばらくお待ちください（約{0}秒）。", seconds));
}
