namespace OnshiPortal.Features.Account;

/// <summary>A browser's User-Agent header told in a few words (「Chrome（Windows）」), for the sessions page.</summary>
public static class UserAgents
{
    public static string Describe(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return "不明なブラウザ";
        }

        var browser = Contains(userAgent, "Edg/") ? "Edge"
            : Contains(userAgent, "OPR/") ? "Opera"
            : Contains(userAgent, "Firefox/") ? "Firefox"
            : Contains(userAgent, "Chrome/") || Contains(userAgent, "Chromium/") || Contains(userAgent, "CriOS/") ? "Chrome"
            : Contains(userAgent, "Safari/") ? "Safari"
            : null;
        var system = Contains(userAgent, "iPhone") ? "iPhone"
            : Contains(userAgent, "iPad") ? "iPad"
            : Contains(userAgent, "Android") ? "Android"
            : Contains(userAgent, "Windows") ? "Windows"
            : Contains(userAgent, "Mac OS X") || Contains(userAgent, "Macintosh") ? "Mac"
            : Contains(userAgent, "CrOS") ? "ChromeOS"
            : Contains(userAgent, "Linux") ? "Linux"
            : null;
        return (browser, system) switch
        {
            (null, null) => userAgent.Length <= 40 ? userAgent : userAgent[..40] + "…",
            (null, _) => $"不明なブラウザ（{system}）",
            (_, null) => browser,
            _ => $"{browser}（{system}）",
        };
    }

    private static bool Contains(string value, string part) => value.Contains(part, StringComparison.OrdinalIgnoreCase);
}
