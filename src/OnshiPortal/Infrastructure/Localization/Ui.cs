using System.Globalization;
using System.Resources;

namespace OnshiPortal.Infrastructure.Localization;

/// <summary>
/// The portal's one set of UI strings (<c>IStringLocalizer&lt;Ui&gt;</c>, <c>T</c> in every view). The Japanese text
/// is the key, so Japanese, the default, needs no resource file and a page reads as it shows; <c>Ui.en.resx</c>
/// holds the English for each key (a test checks that every key of the covered pages has one). A key without an
/// English entry shows in Japanese rather than as a blank.
/// </summary>
public sealed class Ui
{
    private static readonly ResourceManager Resources = new(typeof(Ui));

    private static readonly CultureInfo EnglishCulture = CultureInfo.GetCultureInfo(Languages.English);

    /// <summary>
    /// A message built with values (a file's name, a label, a number of seconds) in the current page's language,
    /// for the services and rules that build it below the page: once the values are in, the page's localizer can
    /// no longer find the Japanese key. The Japanese format (<c>{0}</c> for the values) is the key, as in the views;
    /// outside an English request (a background job, the command line) it stays Japanese.
    /// <c>EnglishResourceTests</c> checks that every key of <c>Ui.Text</c> has its English.
    /// </summary>
    public static string Text(string japanese, params object?[] values)
    {
        var format = Languages.IsEnglish ? Resources.GetString(japanese, EnglishCulture) ?? japanese : japanese;
        return values.Length == 0 ? format : string.Format(CultureInfo.CurrentCulture, format, values);
    }
}
