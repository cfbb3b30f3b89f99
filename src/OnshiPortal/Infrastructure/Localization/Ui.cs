namespace OnshiPortal.Infrastructure.Localization;

/// <summary>
/// The portal's one set of UI strings (<c>IStringLocalizer&lt;Ui&gt;</c>, <c>T</c> in every view). The Japanese text
/// is the key, so Japanese, the default, needs no resource file and a page reads as it shows; <c>Ui.en.resx</c>
/// holds the English for each key (a test checks that every key of the covered pages has one). A key without an
/// English entry shows in Japanese rather than as a blank.
/// </summary>
public sealed class Ui;
