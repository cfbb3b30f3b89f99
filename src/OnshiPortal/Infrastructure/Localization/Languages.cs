using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace OnshiPortal.Infrastructure.Localization;

/// <summary>
/// Japanese by default, English as the second language (DESIGN.md). The choice is kept in a cookie set by the
/// language switch in the header (<c>/language</c>); there is no guessing from Accept-Language, so a person sees
/// Japanese until they choose. Only the UI language changes: dates, numbers and 和暦 keep their Japanese formats.
/// </summary>
public static class Languages
{
    public const string Japanese = "ja";

    public const string English = "en";

    /// <summary>The cookie that remembers the choice (its value is ASP.NET Core's <c>c=ja|uic=en</c>).</summary>
    public const string CookieName = "onshi.lang";

    public static readonly string[] Supported = [Japanese, English];

    /// <summary>
    /// The language of the current request's page. Only the UI culture "en" that request localization sets counts as
    /// English, not a machine's own "en-US": a background job (no request) then writes its mails in Japanese.
    /// </summary>
    public static string Current => CultureInfo.CurrentUICulture.Name == English ? English : Japanese;

    public static bool IsEnglish => Current == English;

    /// <summary>
    /// The given language until disposed, whatever the request's: for a mail an operator's action sends to a person
    /// (the call centre's reset link, a filing's 受理), which goes out in the language that person last used, not in
    /// the operator's. Anything but English is Japanese.
    /// </summary>
    public static IDisposable Use(string? language)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(language == English ? English : Japanese);
        return new Restore(before);
    }

    private sealed class Restore(CultureInfo before) : IDisposable
    {
        public void Dispose() => CultureInfo.CurrentUICulture = before;
    }

    public static void AddPortalLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var japanese = new CultureInfo(Japanese);
            options.DefaultRequestCulture = new RequestCulture(japanese, japanese);
            options.SupportedCultures = [japanese];
            options.SupportedUICultures = [japanese, new CultureInfo(English)];
            options.FallBackToParentUICultures = true;
            options.RequestCultureProviders = [new CookieRequestCultureProvider { CookieName = CookieName }];
        });
    }

    /// <summary>Data annotation messages (their Japanese <c>ErrorMessage</c> is the key) come from <see cref="Ui"/> too.</summary>
    public static IMvcBuilder AddPortalViewLocalization(this IMvcBuilder mvc) => mvc
        .AddDataAnnotationsLocalization(options => options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(Ui)));

    /// <summary>The cookie's value for a language: the culture stays Japanese, the UI culture is the choice.</summary>
    public static string CookieValue(string language) =>
        CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(Japanese, language));
}
