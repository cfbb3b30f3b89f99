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
    private static readonly ResourceManager Resources = new(typeof(Ui).FullName!, typeof(Ui).Assembly);

    /// <summary>
    /// The same lookup for code with no localizer at hand (a mail's sentence built in C#): the English of a Japanese
    /// key when the current language is English and it has one, else the key.
    /// </summary>
    public static string Text(string japanese) =>
        Languages.IsEnglish ? Resources.GetString(japanese, CultureInfo.CurrentUICulture) ?? japanese : japanese;
}
